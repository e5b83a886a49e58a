import { parse } from 'yaml';
import type { Environment } from '../environments.ts';
import type { Git } from '../git/git.ts';
import { CommitReader } from '../git/read-at-commit.ts';
import { layout } from '../repository-layout.ts';

/** What an environment runs of an app: the image tag and the revision of the chart it renders. */
export interface Unit {
  readonly tag: string;
  readonly chartRevision: string;
}

/** image.tag and chart.revision of a values file ('' for a key it lacks). */
export function unitOf(text: string): Unit {
  const values = parse(text) as { image?: { tag?: unknown }; chart?: { revision?: unknown } } | null;
  const asText = (value: unknown) => (typeof value === 'string' ? value : '');
  return { tag: asText(values?.image?.tag), chartRevision: asText(values?.chart?.revision) };
}

export const sameUnit = (a: Unit, b: Unit) => a.tag === b.tag && a.chartRevision === b.chartRevision;

/** e.g. `image 1a2b3c4, chart 5d6e7f8`. */
export const describeUnit = (unit: Unit) =>
  `image ${unit.tag.slice(0, 7) || '(none)'}, chart ${unit.chartRevision.slice(0, 7) || '(none)'}`;

export interface UnitChange {
  readonly app: string;
  /** Undefined for a values file new in head. */
  readonly before: Unit | undefined;
  readonly after: Unit;
}

/**
 * The apps whose unit in the environment differs between base and head (a values file changed in other
 * keys only is no change of unit; a deleted one is none either: nothing is deployed by it).
 */
export async function unitChanges(
  git: Git,
  environment: Environment,
  base: string,
  head: string,
): Promise<UnitChange[]> {
  const directory = layout.valuesDirectory(environment);
  const paths = (await git.run(['diff', '--name-only', '--no-renames', base, head, '--', `${directory}/`]))
    .split('\n')
    .filter((path) => path.endsWith('.yaml'));
  const [atBase, atHead] = [new CommitReader(git, base), new CommitReader(git, head)];
  const changes: UnitChange[] = [];
  for (const path of paths) {
    const app = path.slice(directory.length + 1, -'.yaml'.length);
    const [old, current] = await Promise.all([atBase.read(path), atHead.read(path)]);
    if (current === undefined) continue;
    const before = old === undefined ? undefined : unitOf(old);
    const after = unitOf(current);
    if (!before || !sameUnit(before, after)) changes.push({ app, before, after });
  }
  return changes;
}

/** Whether the environment ran this unit at some commit up to `base` (the values file's own history). */
export async function ranBefore(git: Git, environment: Environment, app: string, base: string, unit: Unit) {
  const path = layout.valuesFile(environment, app);
  const commits = (await git.run(['log', '--format=%H', base, '--', path])).split('\n').filter(Boolean);
  for (const commit of commits) {
    const text = await new CommitReader(git, commit).read(path);
    if (text !== undefined && sameUnit(unitOf(text), unit)) return true;
  }
  return false;
}
