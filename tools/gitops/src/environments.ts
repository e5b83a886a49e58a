import { PromotionOrderError, UnknownEnvironmentError } from './errors.ts';

/** The environments, in promotion order. */
export const environments = ['dev', 'staging', 'prod'] as const;

export type Environment = (typeof environments)[number];

/** The cluster each environment runs on (each cluster has its own Argo CD). */
export const clusterOf: Record<Environment, 'dev' | 'prod'> = { dev: 'dev', staging: 'dev', prod: 'prod' };

export function parseEnvironment(name: string): Environment {
  const found = environments.find((environment) => environment === name);
  if (!found)
    throw new UnknownEnvironmentError(`Unknown environment "${name}": expected one of ${environments.join(', ')}.`);
  return found;
}

/** Promotion goes one step at a time: dev → staging → prod. */
export function assertPromotionStep(from: Environment, to: Environment): void {
  if (environments.indexOf(to) !== environments.indexOf(from) + 1) {
    throw new PromotionOrderError(
      `Cannot promote from ${from} to ${to}: promotion goes one step at a time along ${environments.join(' → ')}.`,
    );
  }
}

/** The Argo CD Application the ApplicationSet generates for an app in an environment. */
export const applicationName = (app: string, environment: Environment) => `${app}-${environment}`;

/** The namespace an environment's workloads run in. */
export const namespaceOf = (environment: Environment) => `users-${environment}`;
