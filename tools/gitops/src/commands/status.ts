import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  type DeploymentStatus,
  type DeploymentTarget,
  readDeploymentStatus,
} from '../cluster/read-deployment-status.ts';
import type { Command } from '../cli/command.ts';
import { formatTable } from '../cli/format-table.ts';
import { flag, optionalString, stringList } from '../cli/parse-options.ts';
import { openRepository } from '../cli/repository-options.ts';
import { clusterOf, type Environment, environments, parseEnvironment } from '../environments.ts';
import type { Git } from '../git/git.ts';
import { CommitReader } from '../git/read-at-commit.ts';
import { assertAppName, layout } from '../repository-layout.ts';
import { type DeploymentUnit, readUnit } from '../values/deployment-unit.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: 'per app × environment: the unit in git and live, sync, health, sync policy, what differs',
  synopsis: ['[--env <env>] [--app <app>] [--context <name>] [--json]'],
  description: [
    'Reads the units (image.tag, chart.revision) from the values files at HEAD (pull first to see main), and',
    "from the cluster of the kubeconfig's current context (or --context, or the in-cluster service account)",
    'each Application <app>-<env> in the argocd namespace and the image of Deployment (or CronJob) <app> in',
    'users-<env>. LIVE CHART is the chart revision of the last sync (a UI rollback sets it), else the',
    "Application's spec.sources[0].targetRevision. VS PREVIOUS tells which environments run another unit than",
    'the one before them in dev → staging → prod (from git). SYNC POLICY compares spec.syncPolicy with the',
    'template of argocd/clusters/<cluster>/applicationset.yaml in the working tree: AUTO-SYNC OFF (after a UI',
    'rollback) and any other difference (prune/selfHeal off, syncOptions, retry) are flagged, and listed under',
    'the table. Environments on another cluster show as "not on this cluster". Exits 0 whatever it finds.',
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

    const units = new Map<string, DeploymentUnit>();
    const targets: DeploymentTarget[] = [];
    const templates = new Map<string, unknown>();
    for (const environment of environments) {
      for (const file of await reader.list(layout.valuesDirectory(environment))) {
        const app = file.replace(/\.yaml$/, '');
        if (!file.endsWith('.yaml') || (apps.size > 0 && !apps.has(app))) continue;
        const path = layout.valuesFile(environment, app);
        const unit = readUnit((await reader.read(path)) ?? '', path);
        units.set(`${environment}/${app}`, unit);
        if (selected.length > 0 && !selected.includes(environment)) continue;
        const cluster = clusterOf[environment];
        if (!templates.has(cluster)) templates.set(cluster, await templateSyncPolicy(git, cluster));
        targets.push({
          app,
          environment,
          gitTag: unit.tag,
          gitChartRevision: unit.chartRevision,
          templateSyncPolicy: templates.get(cluster),
        });
      }
    }
    if (targets.length === 0) {
      context.stderr('No values files match: nothing is deployed for that selection.');
      return;
    }
    const cluster = await context.connectCluster(optionalString(values, 'context'));
    const rows = (
      await readDeploymentStatus(cluster, optionalString(values, 'argocd-namespace') ?? 'argocd', targets)
    ).map((row) => ({ ...row, previousEnvironment: comparedWithPrevious(units, row.environment, row.app) }));
    if (flag(values, 'json')) {
      context.stdout(JSON.stringify(rows, null, 2));
      return;
    }
    context.stdout(`Cluster: ${cluster.description}`);
    context.stdout(formatTable(statusHeader, rows.map(statusCells)));
    for (const row of rows) {
      const problem = syncPolicyProblem(row);
      if (problem) context.stdout(`${row.application}: ${problem}`);
    }
  },
};

/** spec.template.spec.syncPolicy of the ApplicationSet file of a cluster in the working tree, if any. */
async function templateSyncPolicy(git: Git, cluster: string): Promise<unknown> {
  const file = `argocd/clusters/${cluster}/applicationset.yaml`;
  const text = await readFile(join(git.directory, file), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  for (const document of parseAllDocuments(text)) {
    const value = document.toJS() as { kind?: string; spec?: { template?: { spec?: { syncPolicy?: unknown } } } };
    if (value?.kind === 'ApplicationSet') return value.spec?.template?.spec?.syncPolicy;
  }
  return undefined;
}

interface PreviousEnvironment {
  readonly environment: Environment;
  /** What differs from it: `image`, `chart`; `not deployed there` when it has no values file. */
  readonly differs: readonly string[];
}

function comparedWithPrevious(
  units: ReadonlyMap<string, DeploymentUnit>,
  environment: Environment,
  app: string,
): PreviousEnvironment | undefined {
  const previous = environments[environments.indexOf(environment) - 1];
  if (!previous) return undefined;
  const here = units.get(`${environment}/${app}`);
  const there = units.get(`${previous}/${app}`);
  if (!here || !there) return { environment: previous, differs: ['not deployed there'] };
  return {
    environment: previous,
    differs: [
      ...(here.tag !== there.tag ? ['image'] : []),
      ...(here.chartRevision !== there.chartRevision ? ['chart'] : []),
    ],
  };
}

type StatusRow = DeploymentStatus & { readonly previousEnvironment: PreviousEnvironment | undefined };

const statusHeader = [
  'APP',
  'ENV',
  'GIT TAG',
  'GIT CHART',
  'VS PREVIOUS',
  'SYNC',
  'HEALTH',
  'OPERATION',
  'SYNCED REVISION',
  'LIVE IMAGE',
  'LIVE CHART',
  'LIVE = GIT',
  'SYNC POLICY',
];

const short = (sha: string | undefined) => (sha ? sha.slice(0, 12) : '-');

function versusPrevious(row: StatusRow): string {
  const previous = row.previousEnvironment;
  if (!previous) return '-';
  return previous.differs.length === 0
    ? `same as ${previous.environment}`
    : `${previous.environment} ≠ (${previous.differs.join(', ')})`;
}

function liveEqualsGit(row: StatusRow): string {
  const wrong = [...(row.liveMatchesGit ? [] : ['image']), ...(row.liveChartMatchesGit ? [] : ['chart'])];
  return wrong.length === 0 ? 'yes' : `NO (${wrong.join(', ')})`;
}

function syncPolicyCell(row: StatusRow): string {
  const policy = row.syncPolicy;
  if (!policy) return '-';
  const parts = [
    ...(policy.autoSyncOff ? ['AUTO-SYNC OFF'] : []),
    ...(policy.differences.length > 0 ? ['DIFFERS'] : []),
  ];
  return parts.length === 0 ? 'as in git' : parts.join(', ');
}

function syncPolicyProblem(row: StatusRow): string | undefined {
  const policy = row.syncPolicy;
  if (!policy || (!policy.autoSyncOff && policy.differences.length === 0)) return undefined;
  return [
    policy.autoSyncOff ? 'auto-sync is off (after a UI rollback: realign git first, then switch it on)' : '',
    policy.differences.length > 0
      ? `spec.syncPolicy differs from the ApplicationSet template at ${policy.differences.join(', ')}`
      : '',
  ]
    .filter(Boolean)
    .join('; ');
}

function statusCells(row: StatusRow): string[] {
  const git = [row.app, row.environment, short(row.gitTag), short(row.gitChartRevision), versusPrevious(row)];
  if (!row.found) {
    return [...git, 'not on this cluster', '-', '-', '-', row.liveImage ?? '-', '-', '-', '-'];
  }
  return [
    ...git,
    row.sync ?? 'Unknown',
    row.health ?? 'Unknown',
    row.operation ?? '-',
    short(row.syncedRevision),
    row.liveImage ?? '-',
    short(row.liveChartRevision),
    liveEqualsGit(row),
    syncPolicyCell(row),
  ];
}
