// Reads an app's Dockerfile with a real Dockerfile parser, so checks see what the image build
// will do rather than matching text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Copy, type Instruction } from 'dockerfile-ast';

export const workspaceRoot = join(import.meta.dirname, '..', '..', '..');

/** apps/<app>/Dockerfile, built from the repository root. */
export const dockerfileOf = (app: string) => join(workspaceRoot, 'apps', app, 'Dockerfile');

export interface Stage {
  readonly image: string;
  readonly name: string | undefined;
  /** The comment lines right above FROM (where the image's tag is recorded). */
  readonly comment: string;
  readonly instructions: readonly Instruction[];
}

/** The stages of a Dockerfile, given as a path or as its text. */
export function readStages(source: { path: string } | { text: string }): Stage[] {
  const text = 'text' in source ? source.text : readFileSync(source.path, 'utf8');
  const lines = text.split('\n');
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const [image = '', as, name] = instruction.getArguments().map((a) => a.getValue());
      const fromLine = instruction.getRange().start.line;
      let first = fromLine;
      while (first > 0 && lines[first - 1]?.startsWith('#')) first--;
      stages.push({
        image,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        comment: lines.slice(first, fromLine).join('\n'),
        instructions: [],
      });
    } else {
      (stages.at(-1)?.instructions as Instruction[] | undefined)?.push(instruction);
    }
  }
  return stages;
}

export const argumentsOf = (instruction: Instruction) => instruction.getArguments().map((a) => a.getValue());
export const withKeyword = (stage: Stage, keyword: string) =>
  stage.instructions.filter((instruction) => instruction.getKeyword() === keyword);

/**
 * What the runtime stage copies from the build stage's workspace, as workspace paths: the build
 * stage's WORKDIR is the workspace root, so /workspace/dist/apps/<app>/ is dist/apps/<app>/ here.
 * Copies from elsewhere in the build image (its Node binary) are not part of the workspace.
 */
export function runtimeArtifact(stages: readonly Stage[]) {
  const [build, runtime] = [stages[0], stages.at(-1)];
  const workdirInstruction = build && withKeyword(build, 'WORKDIR')[0];
  const workdir = (workdirInstruction && argumentsOf(workdirInstruction)[0]) ?? '/';
  return (runtime ? withKeyword(runtime, 'COPY') : []).flatMap((copy) => {
    const [source = ''] = argumentsOf(copy);
    const from = (copy as Copy).getFromFlag()?.getValue();
    return source.startsWith(`${workdir}/`) ? [{ from, path: join(workspaceRoot, source.replace(workdir, '')) }] : [];
  });
}

/** The Node version every part of the workspace runs: .nvmrc, which the images and the bootstrap follow. */
export const pinnedNodeVersion = () => readFileSync(join(workspaceRoot, '.nvmrc'), 'utf8').trim();
