import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describeManifest, type Manifest, type Violation } from './manifest.js';
import { modelModule } from './model-modules.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const virtualFile = join(packageDir, 'src', '__manifests__.ts');

/**
 * Finds fields the API does not have — a misspelled `readinesProbe` is silently dropped by the
 * API server and passes schema validation. Each object becomes a typed literal in a virtual
 * TypeScript file, and the compiler's excess-property check, against the models' interfaces,
 * reports every unknown key at any depth.
 */
export function findUnknownFields(manifests: readonly Manifest[]): Violation[] {
  const lines: string[] = [];
  const owners: string[] = [];
  manifests.forEach((manifest, i) => {
    const modulePath = modelModule(manifest.apiVersion);
    if (!modulePath) return;
    lines.push(
      `export const m${i}: import('${modulePath}/${manifest.kind}').I${manifest.kind} = ${JSON.stringify(manifest, null, 1)};`,
    );
    owners.push(...Array(lines.at(-1)?.split('\n').length ?? 0).fill(describeManifest(manifest)));
  });
  const source = lines.join('\n');

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    fileName === virtualFile
      ? ts.createSourceFile(fileName, source, languageVersion)
      : getSourceFile(fileName, languageVersion, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === virtualFile || fileExists(fileName);

  const program = ts.createProgram([virtualFile], options, host);
  return ts.getPreEmitDiagnostics(program).flatMap((d) => {
    if (d.file?.fileName !== virtualFile || d.start === undefined) return [];
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return [{ object: owners[line] ?? 'unknown', message: ts.flattenDiagnosticMessageText(d.messageText, ' ') }];
  });
}
