import { dirname } from 'node:path/posix';
import type { TargetInputs } from '../nx/nx-workspace.ts';
import { packageName } from './lockfile-packages.ts';
import type { TreeDiff } from './tree-diff.ts';

/**
 * What an app's image is built from: the files and registry packages Nx resolves for the inputs of the
 * app's `container` target (its production files and its runtime dependencies', its Dockerfile, the
 * root files the image build copies, the packages it bundles and their dependencies).
 */
export interface ImageContext {
  readonly app: string;
  readonly files: ReadonlySet<string>;
  readonly packages: ReadonlySet<string>;
  /** The folders holding input files. */
  readonly folders: ReadonlySet<string>;
  /** The folders of the projects some of whose files are inputs. */
  readonly projectRoots: readonly string[];
}

export function imageContext(app: string, inputs: TargetInputs, projectRoots: readonly string[]): ImageContext {
  const files = new Set(inputs.files);
  return {
    app,
    files,
    packages: new Set(inputs.external.map(packageName)),
    folders: new Set(inputs.files.map((file) => dirname(file))),
    projectRoots: projectRoots.filter(
      (root) => root !== '.' && root !== '' && inputs.files.some((file) => file.startsWith(`${root}/`)),
    ),
  };
}

/**
 * Why the image changed between two commits — the first input that did — or undefined when none did.
 * Nx lists only files that exist, so a deleted file is judged by where it was (Markdown never counts):
 * in a folder that still holds inputs; in a folder that still exists but holds none (tests) it is not;
 * when its folder is gone, anywhere in a project that feeds the image, or at the repository's top.
 * That errs towards a rebuild.
 */
export function imageChange(
  context: ImageContext,
  diff: TreeDiff,
  changedPackages: ReadonlySet<string>,
  headFolders: ReadonlySet<string>,
): string | undefined {
  const file = diff.changed.find((path) => context.files.has(path));
  if (file) return file;
  const wasInput = (path: string) => {
    const folder = dirname(path);
    if (context.folders.has(folder)) return true;
    if (headFolders.has(folder)) return false;
    return folder === '.' || context.projectRoots.some((root) => path.startsWith(`${root}/`));
  };
  const deleted = diff.deleted.find((path) => !path.endsWith('.md') && wasInput(path));
  if (deleted) return `${deleted} (deleted)`;
  const bundled = [...changedPackages].find((name) => context.packages.has(name));
  return bundled === undefined ? undefined : `${bundled} in pnpm-lock.yaml`;
}
