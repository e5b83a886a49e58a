import { realpathSync } from 'node:fs';
import { NxError, UsageError } from '../errors.ts';

export interface WorkspaceProject {
  readonly name: string;
  /** 'app' or 'lib', as Nx infers it. */
  readonly type: string;
  /** Relative to the workspace root. */
  readonly root: string;
}

export interface NxWorkspace {
  readonly projects: readonly WorkspaceProject[];
  /**
   * The projects Nx says are affected by the commits between base and head (the project graph's
   * dependents included). Markdown files are left out: documentation never changes an image.
   */
  affectedBetween(base: string, head: string): Promise<Set<string>>;
}

/**
 * Nx's project graph and its affected computation, through Nx's own modules (the code behind
 * `nx show projects --affected`), so that a lockfile change affects only the projects whose
 * dependencies changed: projectsAffectedByDependencyUpdates is 'auto' unless nx.json says otherwise.
 * Nx finds its workspace from the current directory, so this must run from the workspace root.
 */
export async function loadNxWorkspace(workspaceRoot: string): Promise<NxWorkspace> {
  try {
    const { workspaceRoot: nxRoot } = await import('nx/src/utils/workspace-root.js');
    if (realpathSync(nxRoot) !== realpathSync(workspaceRoot)) {
      throw new UsageError(`affected-apps runs from the workspace root (${nxRoot}), not for ${workspaceRoot}.`);
    }
    const { createProjectGraphAsync } = await import('nx/src/project-graph/project-graph.js');
    const { readNxJson } = await import('nx/src/config/nx-json.js');
    const { filterAffected } = await import('nx/src/project-graph/affected/affected-project-graph.js');
    const { calculateFileChanges } = await import('nx/src/project-graph/file-utils.js');
    const { parseFiles } = await import('nx/src/utils/command-line-utils.js');

    const graph = await createProjectGraphAsync({ exitOnError: false });
    const nxJson = readNxJson();
    const jsPluginConfig = nxJson.pluginsConfig?.['@nx/js'] as Record<string, unknown> | undefined;
    const affectedConfig = {
      ...nxJson,
      pluginsConfig: {
        ...nxJson.pluginsConfig,
        '@nx/js': { projectsAffectedByDependencyUpdates: 'auto', ...jsPluginConfig },
      },
    };
    return {
      projects: Object.values(graph.nodes).map((node) => ({ name: node.name, type: node.type, root: node.data.root })),
      async affectedBetween(base, head) {
        const files = parseFiles({ base, head }).files.filter((file) => !file.endsWith('.md'));
        const touched = calculateFileChanges(files, { base, head });
        const affected = await filterAffected(graph, touched, affectedConfig);
        return new Set(Object.keys(affected.nodes));
      },
    };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new NxError(`Nx could not compute the affected projects: ${(error as Error).message}`, { cause: error });
  }
}
