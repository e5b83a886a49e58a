import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NxError, UsageError } from '../errors.ts';

export interface WorkspaceProject {
  readonly name: string;
  /** 'app' or 'lib', as Nx infers it. */
  readonly type: string;
  /** Relative to the workspace root. */
  readonly root: string;
  /** The names of its targets. */
  readonly targets: readonly string[];
}

/** The inputs Nx resolves for a target: files (workspace-relative) and npm packages (`npm:<name>[@<version>]`). */
export interface TargetInputs {
  readonly files: readonly string[];
  readonly external: readonly string[];
}

interface GraphOutput {
  readonly graph: {
    readonly nodes: Record<
      string,
      { name: string; type: string; data: { root: string; targets?: Record<string, unknown> } }
    >;
  };
}

// This package's own Nx; its bin hands over to the workspace's installation when that is another version.
// Resolved on first use, so the self-contained bundle (which has no Nx) loads for its other commands.
const nxBin = () => fileURLToPath(import.meta.resolve('nx/bin/nx.js'));

/**
 * An Nx workspace, read through Nx's public command line (`nx graph`, `nx show target inputs`): what a
 * target is built from is Nx's own resolution of its inputs (named inputs, other projects' files, npm
 * packages with their dependencies), not a file matcher of ours.
 */
export class NxWorkspace {
  readonly root: string;
  private readonly environment: Readonly<Record<string, string | undefined>>;

  constructor(root: string, environment: Readonly<Record<string, string | undefined>>) {
    if (!existsSync(join(root, 'nx.json'))) {
      throw new UsageError(`${root} is not the root of an Nx workspace (it has no nx.json).`);
    }
    this.root = root;
    this.environment = environment;
  }

  async projects(): Promise<WorkspaceProject[]> {
    const { graph } = (await this.json(['graph', '--file=stdout'])) as GraphOutput;
    return Object.values(graph.nodes).map((node) => ({
      name: node.name,
      type: node.type,
      root: node.data.root,
      targets: Object.keys(node.data.targets ?? {}),
    }));
  }

  /**
   * The files and npm packages the target's inputs resolve to (`nx show target inputs`), read in the
   * working tree: named inputs, the listed projects' files and the packages' transitive dependencies.
   */
  async targetInputs(project: string, target: string): Promise<TargetInputs> {
    const { files, external } = (await this.json(['show', 'target', 'inputs', `${project}:${target}`, '--json'])) as {
      files?: string[];
      external?: string[];
    };
    return { files: files ?? [], external: external ?? [] };
  }

  private json(args: readonly string[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [nxBin(), ...args], {
        cwd: this.root,
        env: this.environment,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', (error) => reject(new NxError(`Could not run Nx: ${error.message}`, { cause: error })));
      child.on('close', (status) => {
        try {
          if (status !== 0) throw new Error(`exit code ${status}: ${stderr.trim()}`);
          resolve(JSON.parse(stdout));
        } catch (error) {
          reject(new NxError(`nx ${args.join(' ')} failed: ${(error as Error).message}`, { cause: error }));
        }
      });
    });
  }
}
