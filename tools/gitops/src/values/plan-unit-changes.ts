import { MissingValuesFileError, UnknownAppError, UnknownCommitError } from '../errors.ts';
import type { FileContent } from '../git/commit-files.ts';
import type { Git } from '../git/git.ts';
import { CommitReader } from '../git/read-at-commit.ts';
import { tryResolveCommit } from '../git/resolve-commit.ts';
import { layout } from '../repository-layout.ts';
import { type DeploymentUnit, readUnit, sameUnit, setUnit, type UnitChange, type UnitEdit } from './deployment-unit.ts';
import { validateChartValues } from './validate-values.ts';

export interface UnitChangePlan {
  readonly changes: readonly UnitChange[];
  readonly files: readonly FileContent[];
}

/** An app's unit in an environment as a commit has it. */
export async function readDeployedUnit(
  reader: CommitReader,
  target: { readonly environment: UnitEdit['environment']; readonly app: string },
): Promise<DeploymentUnit> {
  const path = layout.valuesFile(target.environment, target.app);
  return readUnit(await readValuesFile(reader, target.app, path), path);
}

async function readValuesFile(reader: CommitReader, app: string, path: string): Promise<string> {
  const text = await reader.read(path);
  if (text !== undefined) return text;
  if (!(await reader.exists(layout.chartValues(app)))) {
    throw new UnknownAppError(`Unknown app "${app}": there is no chart ${layout.chartDirectory(app)}/.`);
  }
  throw new MissingValuesFileError(`${path} does not exist: ${app} is not deployed in that environment.`);
}

/**
 * Applies unit edits to the values files as they are in one commit: each file keeps every byte but
 * image.tag and chart.revision, and the result must pass the schema of the chart it will be rendered
 * with — deploy/charts/<app> at the new chart.revision, as Argo CD renders it. Edits that change
 * nothing are dropped.
 */
export async function planUnitChanges(
  git: Git,
  reader: CommitReader,
  edits: readonly UnitEdit[],
): Promise<UnitChangePlan> {
  const changes: UnitChange[] = [];
  const files: FileContent[] = [];
  for (const edit of edits) {
    const path = layout.valuesFile(edit.environment, edit.app);
    const text = await readValuesFile(reader, edit.app, path);
    const previous = readUnit(text, path);
    const unit = { tag: edit.tag ?? previous.tag, chartRevision: edit.chartRevision ?? previous.chartRevision };
    if (sameUnit(previous, unit)) continue;
    const edited = setUnit(text, unit, path);
    const chart = await chartAt(git, unit.chartRevision, path);
    validateChartValues({
      valuesFile: path,
      valuesText: edited,
      chartValuesFile: `${layout.chartValues(edit.app)} at ${unit.chartRevision.slice(0, 12)}`,
      chartValuesText: (await chart.read(layout.chartValues(edit.app))) ?? '',
      schemaFile: `${layout.chartSchema(edit.app)} at ${unit.chartRevision.slice(0, 12)}`,
      schemaText: await chart.read(layout.chartSchema(edit.app)),
    });
    changes.push({ environment: edit.environment, app: edit.app, path, previous, unit });
    files.push({ path, content: edited });
  }
  return { changes, files };
}

async function chartAt(git: Git, revision: string, path: string): Promise<CommitReader> {
  const commit = /^[0-9a-f]{40}$/.test(revision) ? await tryResolveCommit(git, revision) : undefined;
  if (!commit) {
    throw new UnknownCommitError(
      `chart.revision "${revision}" for ${path} is not a commit of this repository (fetch the full history?).`,
    );
  }
  return new CommitReader(git, commit);
}
