import type { Git } from './git.ts';

/** Reads files as they are in one commit (not in the working tree). */
export class CommitReader {
  private readonly git: Git;
  readonly commit: string;

  constructor(git: Git, commit: string) {
    this.git = git;
    this.commit = commit;
  }

  /** The file's text, or undefined when the commit has no such file. */
  async read(path: string): Promise<string | undefined> {
    const result = await this.git.attempt(['cat-file', 'blob', `${this.commit}:${path}`]);
    return result.status === 0 ? result.stdout : undefined;
  }

  async exists(path: string): Promise<boolean> {
    return (await this.git.attempt(['cat-file', '-e', `${this.commit}:${path}`])).status === 0;
  }

  /** The names of the files directly in a folder (empty when there is no such folder). */
  async list(directory: string): Promise<string[]> {
    const result = await this.git.attempt(['ls-tree', '--name-only', `${this.commit}:${directory}`]);
    return result.status === 0 ? result.stdout.split('\n').filter(Boolean) : [];
  }
}
