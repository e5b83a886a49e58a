import {
  type DeploymentStatus,
  type DeploymentTarget,
  readDeploymentStatus,
} from '../cluster/read-deployment-status.ts';
import type { Command } from '../cli/command.ts';
import { flag, optionalString, stringList } from '../cli/parse-options.ts';
import { openRepository } from '../cli/repository-options.ts';
import { environments, parseEnvironment } from '../environments.ts';
import { CommitReader } from '../git/read-at-commit.ts';
import { assertAppName, layout } from '../repository-layout.ts';
import { readImageTag } from '../values/image-tag.ts';
import { formatTable } from '../cli/format-table.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: 'a table per app × environment: tag in git, sync, health, synced revision, live image',
  synopsis: ['[--env <env>] [--app <app>] [--context <name>] [--json]'],
  description: [
    'Reads the tags from the values files at HEAD (pull first to see main), and from the cluster of the',
    "kubeconfig's current context (or --context, or the in-cluster service account) each Application",
    '<app>-<env> in the argocd namespace and the image of Deployment (or CronJob) <app> in users-<env>.',
    'Environments on another cluster show as "not on this cluster". Exits 0 whatever the health; see --json.',
  ],
  options: {
    env: { type: 'string', value: '<env>', multiple: true, description: 'only this environment' },
    app: { type: 'string', value: '<app>', multiple: true, description: 'only this app' },
    context: { type: 'string', value: '<name>', description: 'kubeconfig context (default: the current one)' },
    'argocd-namespace': {
      type: 'string',
      value: '<ns>',
      description: 'namespace of the Applications (default: argocd)',
    },
    json: { type: 'boolean', description: 'print JSON (one object per app × environment)' },
  },
  async run(values, context) {
    const selected = stringList(values, 'env').map(parseEnvironment);
    const apps = new Set(stringList(values, 'app').map(assertAppName));
    const git = await openRepository(values, context);
    const reader = new CommitReader(git, (await git.run(['rev-parse', 'HEAD'])).trim());

    const targets: DeploymentTarget[] = [];
    for (const environment of selected.length > 0 ? selected : environments) {
      for (const file of await reader.list(layout.valuesDirectory(environment))) {
        const app = file.replace(/\.yaml$/, '');
        if (!file.endsWith('.yaml') || (apps.size > 0 && !apps.has(app))) continue;
        const path = layout.valuesFile(environment, app);
        targets.push({ app, environment, gitTag: readImageTag((await reader.read(path)) ?? '', path) });
      }
    }
    if (targets.length === 0) {
      context.stderr('No values files match: nothing is deployed for that selection.');
      return;
    }
    const cluster = await context.connectCluster(optionalString(values, 'context'));
    const rows = await readDeploymentStatus(cluster, optionalString(values, 'argocd-namespace') ?? 'argocd', targets);
    if (flag(values, 'json')) context.stdout(JSON.stringify(rows, null, 2));
    else {
      context.stdout(`Cluster: ${cluster.description}`);
      context.stdout(formatTable(statusHeader, rows.map(statusCells)));
    }
  },
};

const statusHeader = [
  'APP',
  'ENV',
  'GIT TAG',
  'SYNC',
  'HEALTH',
  'OPERATION',
  'SYNCED REVISION',
  'LIVE IMAGE',
  'LIVE = GIT',
];

const short = (sha: string | undefined) => (sha ? sha.slice(0, 12) : '-');

function statusCells(row: DeploymentStatus): string[] {
  if (!row.found) {
    return [
      row.app,
      row.environment,
      short(row.gitTag),
      'not on this cluster',
      '-',
      '-',
      '-',
      row.liveImage ?? '-',
      '-',
    ];
  }
  return [
    row.app,
    row.environment,
    short(row.gitTag),
    row.sync ?? 'Unknown',
    row.health ?? 'Unknown',
    row.operation ?? '-',
    short(row.syncedRevision),
    row.liveImage ?? '-',
    row.liveMatchesGit ? 'yes' : 'NO',
  ];
}
