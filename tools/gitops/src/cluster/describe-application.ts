import type { ArgoApplication } from './argo-cd.ts';

/** One line for the state of an Application: sync status and revision, health, operation. */
export function describeApplication(application: ArgoApplication): string {
  const { sync, health, operationState } = application.status ?? {};
  const revision = sync?.revision ? ` at ${sync.revision.slice(0, 12)}` : '';
  const operation = operationState?.phase ? `, last operation ${operationState.phase}` : '';
  return `${sync?.status ?? 'Unknown'}${revision}, ${health?.status ?? 'Unknown'}${operation}`;
}
