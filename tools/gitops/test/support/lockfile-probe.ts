import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface Lockfile {
  importers: Record<
    string,
    Partial<Record<'dependencies' | 'devDependencies' | 'optionalDependencies', Record<string, { version: string }>>>
  >;
  packages: Record<string, { resolution?: { integrity?: string } }>;
  snapshots?: Record<string, Partial<Record<'dependencies' | 'optionalDependencies', Record<string, string>>>>;
}

const dependencyKinds = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

export interface ExclusivePackage {
  readonly name: string;
  /** The `packages:` key, e.g. `@hono/swagger-ui@0.6.1`. */
  readonly key: string;
  readonly integrity: string;
}

export function readLockfile(workspace: string): Lockfile {
  return parse(readFileSync(join(workspace, 'pnpm-lock.yaml'), 'utf8')) as Lockfile;
}

/**
 * A package of the registry that only this importer (workspace project) depends on, and no other
 * package does: changing its lockfile entry must affect this project and its dependents only.
 */
export function exclusivePackageOf(
  lock: Lockfile,
  importer: string,
  kinds: readonly (typeof dependencyKinds)[number][] = dependencyKinds,
): ExclusivePackage | undefined {
  const usedBy = (name: string) =>
    Object.entries(lock.importers).filter(([, entry]) => dependencyKinds.some((kind) => entry[kind]?.[name]));
  const dependedOnByPackages = new Set(
    Object.values(lock.snapshots ?? {}).flatMap((snapshot) => [
      ...Object.keys(snapshot.dependencies ?? {}),
      ...Object.keys(snapshot.optionalDependencies ?? {}),
    ]),
  );
  const own = lock.importers[importer] ?? {};
  for (const kind of kinds) {
    for (const [name, { version }] of Object.entries(own[kind] ?? {})) {
      if (version.startsWith('link:') || dependedOnByPackages.has(name) || usedBy(name).length !== 1) continue;
      const key = `${name}@${version.split('(')[0]}`;
      const integrity = lock.packages[key]?.resolution?.integrity;
      if (integrity) return { name, key, integrity };
    }
  }
  return undefined;
}

/** The lockfile with that package's integrity changed, as a republished tarball would change it. */
export function withChangedIntegrity(lockfile: string, probe: ExclusivePackage): string {
  if (!lockfile.includes(probe.integrity)) throw new Error(`${probe.key}'s integrity is not in the lockfile`);
  const [algorithm, digest] = probe.integrity.split('-') as [string, string];
  const changed = `${algorithm}-${digest.startsWith('A') ? 'B' : 'A'}${digest.slice(1)}`;
  return lockfile.replace(probe.integrity, changed);
}
