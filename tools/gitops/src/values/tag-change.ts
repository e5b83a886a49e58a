import type { Environment } from '../environments.ts';

/** What a command wants: this app in this environment runs this image tag. */
export interface TagEdit {
  readonly environment: Environment;
  readonly app: string;
  readonly tag: string;
}

/** A tag edit that changes a values file, with the tag it replaces. */
export interface TagChange extends TagEdit {
  readonly previousTag: string;
  readonly path: string;
}

export const shortSha = (sha: string) => (sha === '' ? '(none)' : sha.slice(0, 7));
