import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { ProviderMirror } from './terraform-cli.js';

/**
 * A copy of terraform/ (in memory) that Terraform can run with the provider mirror alone, and what had
 * to change for it, by directory. Only what the mirror forces is changed; the real files never are.
 */
export interface MirrorCopy {
  /** The adapted .tf and .tftest.hcl files, and the registry module stubs, by path relative to terraform/. */
  files: Map<string, string>;
  adaptations: Map<string, string[]>;
}

const stubs = 'test/stubs';
const registryModule = /(\n\s*)source\s*= "terraform-aws-modules\/([\w-]+)\/aws"\n\s*version\s*= "([^"]+)"/g;
const topLevelBlock = /^(\w+)((?: "[^"]*")*) \{(?:\}|\n[\s\S]*?\n\})\n/gm;

/** `sources`: the .tf and .tftest.hcl files by path relative to terraform/. */
export function adaptToMirror(
  sources: ReadonlyMap<string, string>,
  terraformRoot: string,
  mirror: ProviderMirror,
): MirrorCopy {
  const adaptations = new Map<string, string[]>();
  const note = (path: string, what: string) => {
    const dir = posix.dirname(path).replace(/\/tests$/, '');
    adaptations.set(dir, [...(adaptations.get(dir) ?? []), what]);
  };
  const files = new Map(sources);
  const missing = missingProviders(files);
  // Directories with resources of a missing provider: calls of them are left out.
  const dropped = new Set(
    [...files]
      .filter(([, text]) => missing.some((provider) => usesProvider(text, provider)))
      .map(([path]) => posix.dirname(path)),
  );

  const removed = new Map<string, string[]>();
  const adapted = new Map<string, string>();
  for (const [path, before] of files) {
    let text = before.replace(
      /(hashicorp\/aws"\n\s*version\s*= )"([^"]+)"/g,
      (_match, head: string, constraint: string) => {
        if (constraint !== mirror.awsVersion)
          note(path, `hashicorp/aws "${constraint}" → "${mirror.awsVersion}", the mirror's`);
        return `${head}"${mirror.awsVersion}"`;
      },
    );
    if (Number(mirror.awsVersion.split('.')[0]) < 6) {
      text = text.replace(/(data\.aws_region\.[\w-]+)\.region\b/g, (_match, address: string) => {
        note(path, `${address}.region → .name (AWS provider 5)`);
        return `${address}.name`;
      });
    }
    text = text.replace(registryModule, (_match, indent: string, name: string, version: string) => {
      const stub = readFileSync(join(terraformRoot, stubs, name, 'main.tf'), 'utf8');
      const mirrored = new RegExp(`Mirrors terraform-aws-modules/${name}/aws (\\S+):`).exec(stub)?.[1];
      if (mirrored !== version)
        throw new Error(`${stubs}/${name} mirrors ${mirrored ?? 'no version'}, ${path} pins ${version}`);
      note(path, `terraform-aws-modules/${name}/aws ${version} → the stub ${stubs}/${name}`);
      return `${indent}source = "${posix.relative(posix.dirname(path), posix.join(stubs, name))}"`;
    });
    for (const provider of missing) {
      text = text.replace(new RegExp(`\\n\\s+${provider} = \\{[^}]*\\}`, 'g'), () => {
        note(path, `provider ${provider} left out of required_providers (not in the mirror)`);
        return '';
      });
      const target = (body: string) => /source\s*= "(\.[^"]+)"/.exec(body)?.[1];
      text = removeBlocks(text, (kind, labels, body) => {
        const source = target(body);
        const gone =
          (kind === 'provider' && labels[0] === provider) ||
          ((kind === 'resource' || kind === 'data') && labels[0]?.startsWith(`${provider}_`)) ||
          (kind === 'module' && source !== undefined && dropped.has(posix.join(posix.dirname(path), source)));
        if (!gone) return false;
        const address = `${kind === 'module' ? 'module.' : kind === 'data' ? 'data.' : ''}${labels.join('.')}`;
        note(path, `${kind === 'provider' ? `provider ${labels[0]}` : address} left out (needs ${provider})`);
        removed.set(posix.dirname(path), [...(removed.get(posix.dirname(path)) ?? []), address]);
        return true;
      });
    }
    adapted.set(path, text);
  }
  const copy = new Map<string, string>();
  for (const [path, before] of adapted) {
    const gone = removed.get(posix.dirname(path)) ?? [];
    // Outputs of what was left out go with it.
    const text = removeBlocks(before, (kind, labels, body) => {
      const refers =
        kind === 'output' && gone.some((address) => body.includes(`${address}.`) || body.includes(`${address}[`));
      if (refers) note(path, `output ${labels[0]} left out (its value was left out)`);
      return refers;
    });
    copy.set(path, text);
  }
  for (const stub of readdirSync(join(terraformRoot, stubs), { withFileTypes: true })) {
    if (!stub.isDirectory()) continue;
    for (const file of readdirSync(join(terraformRoot, stubs, stub.name)).filter((name) => name.endsWith('.tf'))) {
      const path = posix.join(stubs, stub.name, file);
      copy.set(path, readFileSync(join(terraformRoot, path), 'utf8'));
    }
  }
  return { files: copy, adaptations };
}

/** Writes the files of a copy under `target`; returns `target`. */
export function writeCopy(files: ReadonlyMap<string, string>, target: string): string {
  for (const [path, text] of files) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), text);
  }
  return target;
}

/** Providers the .tf files require that the mirror (hashicorp/aws only) does not hold. */
function missingProviders(files: ReadonlyMap<string, string>): string[] {
  const names = [...files.values()].flatMap((text) =>
    [...text.matchAll(/^\s+(\w+) = \{\s*\n\s*source\s*= "([^"]+)"/gm)].map(([, name = '', source]) =>
      source === 'hashicorp/aws' ? '' : name,
    ),
  );
  return [...new Set(names.filter(Boolean))];
}

const usesProvider = (text: string, provider: string) => new RegExp(`^(resource|data) "${provider}_`, 'm').test(text);

function removeBlocks(text: string, remove: (kind: string, labels: string[], body: string) => boolean): string {
  return text.replace(topLevelBlock, (block, kind: string, labels: string) =>
    remove(kind, labels.match(/"[^"]*"/g)?.map((label) => label.slice(1, -1)) ?? [], block) ? '' : block,
  );
}
