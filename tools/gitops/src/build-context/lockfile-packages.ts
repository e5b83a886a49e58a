import { parse } from 'yaml';

interface PnpmLockfile {
  readonly packages?: Record<string, unknown>;
  readonly snapshots?: Record<string, unknown>;
}

/**
 * The package name of a pnpm lockfile key or an Nx external node: `hono@4.13.19`,
 * `@hono/node-server@2.1.8(hono@4.13.19)`, `npm:@colors/colors@1.6.0` and `npm:hono` all name a package.
 */
export function packageName(key: string): string {
  const bare = key.replace(/^npm:/, '');
  const at = bare.indexOf('@', bare.startsWith('@') ? 1 : 0);
  return at === -1 ? bare : bare.slice(0, at);
}

/**
 * The registry packages whose entries (`packages:` resolutions and `snapshots:` dependency sets) differ
 * between two versions of pnpm-lock.yaml: a new, removed or re-resolved version of a package, or a
 * change in what one of its versions depends on.
 */
export function changedLockfilePackages(before: string | undefined, after: string | undefined): Set<string> {
  const [old, current] = [before, after].map((text) => (text === undefined ? {} : (parse(text) as PnpmLockfile)));
  const changed = new Set<string>();
  for (const section of ['packages', 'snapshots'] as const) {
    const [a, b] = [old?.[section] ?? {}, current?.[section] ?? {}];
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) changed.add(packageName(key));
    }
  }
  return changed;
}
