import { MissingValuesFileError, UnknownAppError } from '../errors.ts';
import type { FileContent } from '../git/commit-files.ts';
import type { CommitReader } from '../git/read-at-commit.ts';
import { layout } from '../repository-layout.ts';
import { readImageTag, setImageTag } from './image-tag.ts';
import type { TagChange, TagEdit } from './tag-change.ts';
import { validateChartValues } from './validate-values.ts';

export interface TagChangePlan {
  readonly changes: readonly TagChange[];
  readonly files: readonly FileContent[];
}

/** Reads an app's tag in an environment as a commit has it. */
export async function readDeployedTag(reader: CommitReader, edit: Omit<TagEdit, 'tag'>): Promise<string> {
  const path = layout.valuesFile(edit.environment, edit.app);
  const text = await readValuesFile(reader, edit.app, path);
  return readImageTag(text, path);
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
 * Applies tag edits to the values files as they are in one commit: each file keeps every byte but the
 * tag, and the result must pass the chart's schema. Edits that change nothing are dropped.
 */
export async function planTagChanges(reader: CommitReader, edits: readonly TagEdit[]): Promise<TagChangePlan> {
  const changes: TagChange[] = [];
  const files: FileContent[] = [];
  for (const edit of edits) {
    const path = layout.valuesFile(edit.environment, edit.app);
    const text = await readValuesFile(reader, edit.app, path);
    const previousTag = readImageTag(text, path);
    if (previousTag === edit.tag) continue;
    const edited = setImageTag(text, edit.tag, path);
    validateChartValues({
      valuesFile: path,
      valuesText: edited,
      chartValuesFile: layout.chartValues(edit.app),
      chartValuesText: (await reader.read(layout.chartValues(edit.app))) ?? '',
      schemaFile: layout.chartSchema(edit.app),
      schemaText: await reader.read(layout.chartSchema(edit.app)),
    });
    changes.push({ ...edit, previousTag, path });
    files.push({ path, content: edited });
  }
  return { changes, files };
}
