import type { ClusterReader } from '../cluster/argo-cd.ts';
import type { Git } from '../git/git.ts';
import type { NxWorkspace } from '../nx/nx-workspace.ts';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** May be given more than once (string options). */
  readonly multiple?: boolean;
  /** Shown in the help, e.g. `<env>`. */
  readonly value?: string;
  readonly description: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** What a command gets from the composition root (cli.ts), and what tests replace. */
export interface CommandContext {
  /** A git runner for a repository directory. */
  readonly git: (directory: string) => Git;
  /** The Nx workspace whose root is this directory. */
  readonly nx: (root: string) => NxWorkspace;
  /** The working directory the CLI was started in (--repo defaults to it). */
  readonly cwd: string;
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** $GITHUB_OUTPUT, for --github-output. */
  readonly githubOutputFile: string | undefined;
  /** Connects to the cluster of the kubeconfig's current context, or of the given one. */
  readonly connectCluster: (context: string | undefined) => Promise<ClusterReader>;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  /** Pause before resuming a cut watch connection. */
  readonly reconnectDelayMs: number;
  /** GitHub's REST API, for the commit statuses Argo CD Notifications sets. */
  readonly github: GitHubContext;
}

export interface GitHubContext {
  /** GITHUB_API_URL, default https://api.github.com. */
  readonly apiUrl: string;
  /** GITHUB_REPOSITORY (owner/name); else the remote's URL tells. */
  readonly repository: string | undefined;
  /** GITHUB_TOKEN or GH_TOKEN. */
  readonly token: string | undefined;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Synopsis lines, without the leading `gitops <name>`. */
  readonly synopsis: readonly string[];
  /** Lines of text shown under the synopsis in --help. */
  readonly description: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  run(options: OptionValues, context: CommandContext): Promise<void>;
}
