// Objects shaped as Argo CD 3.x and Kubernetes return them (trimmed to realistic essentials), for the
// Kubernetes API stand-in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { clusterOf, type Environment } from '../../src/environments.ts';
import { workspaceRoot } from './paths.ts';
import type { KubeObject } from './kubernetes-api-stand-in.ts';

export const repoURL = 'https://github.com/example-org/users-platform.git';
export const registry = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

export interface ApplicationState {
  readonly app: string;
  readonly environment: Environment;
  readonly sync: 'Synced' | 'OutOfSync' | 'Unknown';
  /** The commit of main (the values source) Argo CD compared (and synced, when Synced). */
  readonly revision: string;
  /** The chart source's revision (chart.revision in git); default: a fixed commit-like SHA. */
  readonly chartRevision?: string;
  /** spec.syncPolicy; default: the template's, as the ApplicationSet in this repository generates it. */
  readonly syncPolicy?: unknown;
  readonly health: 'Healthy' | 'Progressing' | 'Degraded' | 'Missing' | 'Suspended' | 'Unknown';
  readonly healthMessage?: string;
  readonly operation?: {
    readonly phase: 'Running' | 'Succeeded' | 'Failed' | 'Error';
    readonly revision: string;
    readonly message?: string;
  };
  /** The image tag the workload runs (shown in status.summary.images). */
  readonly imageTag?: string;
  readonly workloadKind?: 'Deployment' | 'CronJob';
}

export const defaultChartRevision = 'c4'.repeat(20);

/** spec.template.spec.syncPolicy of this repository's ApplicationSet for that environment's cluster. */
export function templateSyncPolicy(environment: Environment): unknown {
  const file = join(workspaceRoot, 'argocd', 'clusters', clusterOf[environment], 'applicationset.yaml');
  const appSet = parse(readFileSync(file, 'utf8')) as { spec: { template: { spec: { syncPolicy: unknown } } } };
  return appSet.spec.template.spec.syncPolicy;
}

/**
 * A multi-source Application as the ApplicationSet generates it (the chart at chart.revision, the
 * values from main), with a status Argo CD 3.x reports for several sources: `revisions`, one per source.
 */
export function argoApplication(state: ApplicationState): KubeObject {
  const name = `${state.app}-${state.environment}`;
  const chartRevision = state.chartRevision ?? defaultChartRevision;
  const sources = [
    {
      repoURL,
      targetRevision: chartRevision,
      path: `deploy/charts/${state.app}`,
      helm: { releaseName: state.app, valueFiles: [`$values/deploy/values/${state.environment}/${state.app}.yaml`] },
    },
    { repoURL, targetRevision: 'main', ref: 'values' },
  ];
  const revisions = [chartRevision, state.revision];
  const destination = { server: 'https://kubernetes.default.svc', namespace: `users-${state.environment}` };
  const workloadKind = state.workloadKind ?? 'Deployment';
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: 'argocd',
      uid: `00000000-0000-4000-8000-${name.padStart(12, '0').slice(-12)}`,
      generation: 7,
      creationTimestamp: '2026-11-01T09:00:00Z',
      labels: {
        'app.kubernetes.io/part-of': 'users-platform',
        'platform.example.com/app': state.app,
        'platform.example.com/env': state.environment,
      },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
      ownerReferences: [
        { apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', name: 'users-platform', uid: 'appset-uid' },
      ],
    },
    spec: {
      project: 'users',
      sources,
      destination,
      syncPolicy: state.syncPolicy ?? templateSyncPolicy(state.environment),
      revisionHistoryLimit: 10,
    },
    status: {
      sync: { status: state.sync, revisions, comparedTo: { sources, destination } },
      health: { status: state.health, ...(state.healthMessage ? { message: state.healthMessage } : {}) },
      resources: [
        {
          group: workloadKind === 'Deployment' ? 'apps' : 'batch',
          version: 'v1',
          kind: workloadKind,
          namespace: `users-${state.environment}`,
          name: state.app,
          status: state.sync,
          health: { status: state.health },
        },
      ],
      summary: state.imageTag ? { images: [`${registry}/${state.app}:${state.imageTag}`] } : {},
      sourceType: 'Helm',
      reconciledAt: '2026-11-22T10:00:00Z',
      ...(state.operation
        ? {
            operationState: {
              operation: {
                sync: { revisions: [chartRevision, state.operation.revision], syncStrategy: { hook: {} } },
                initiatedBy: { automated: true },
              },
              phase: state.operation.phase,
              message:
                state.operation.message ??
                (state.operation.phase === 'Succeeded' ? 'successfully synced (all tasks run)' : ''),
              startedAt: '2026-11-22T09:59:00Z',
              ...(state.operation.phase === 'Running' ? {} : { finishedAt: '2026-11-22T10:00:00Z' }),
              syncResult: { revisions: [chartRevision, state.operation.revision], sources, resources: [] },
            },
          }
        : {}),
    },
  };
}

const podSpec = (app: string, tag: string) => ({
  serviceAccountName: app,
  containers: [
    {
      name: app,
      image: `${registry}/${app}:${tag}`,
      ports: [{ name: 'http', containerPort: 3000, protocol: 'TCP' }],
      securityContext: { readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false },
    },
  ],
});

export function deployment(app: string, environment: Environment, tag: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: app,
      namespace: `users-${environment}`,
      labels: { 'app.kubernetes.io/name': app },
      generation: 3,
    },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': app } },
      template: { metadata: { labels: { 'app.kubernetes.io/name': app } }, spec: podSpec(app, tag) },
    },
    status: { observedGeneration: 3, replicas: 2, readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2 },
  };
}

export function cronJob(app: string, environment: Environment, tag: string): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: app, namespace: `users-${environment}`, labels: { 'app.kubernetes.io/name': app } },
    spec: {
      schedule: '*/15 * * * *',
      concurrencyPolicy: 'Forbid',
      jobTemplate: { spec: { template: { spec: { ...podSpec(app, tag), restartPolicy: 'Never' } } } },
    },
    status: { lastScheduleTime: '2026-11-22T10:00:00Z' },
  };
}
