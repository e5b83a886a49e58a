import { type ArgoApplication, revisionsOf } from './argo-cd.ts';

/** One line for the state of an Application: sync status and (values) revision, health, operation. */
export function describeApplication(application: ArgoApplication): string {
  const { sync, health, operationState } = application.status ?? {};
  // Several sources: the last one is the values from main, the revision a wait is about.
  const synced = revisionsOf(sync).at(-1);
  const revision = synced ? ` at ${synced.slice(0, 12)}` : '';
  const operation = operationState?.phase ? `, last operation ${operationState.phase}` : '';
  return `${sync?.status ?? 'Unknown'}${revision}, ${health?.status ?? 'Unknown'}${operation}`;
}
