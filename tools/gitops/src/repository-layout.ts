import { UsageError } from './errors.ts';
import type { Environment } from './environments.ts';

const appNamePattern = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Rejects names that could not be an app (and could escape the deploy/ folder). */
export function assertAppName(app: string): string {
  if (!appNamePattern.test(app))
    throw new UsageError(`"${app}" is not an app name (lowercase letters, digits, dashes).`);
  return app;
}

/** Paths relative to the repository root, as the deploy/ README fixes them. */
export const layout = {
  valuesDirectory: (environment: Environment) => `deploy/values/${environment}`,
  valuesFile: (environment: Environment, app: string) => `deploy/values/${environment}/${app}.yaml`,
  chartDirectory: (app: string) => `deploy/charts/${app}`,
  chartValues: (app: string) => `deploy/charts/${app}/values.yaml`,
  chartSchema: (app: string) => `deploy/charts/${app}/values.schema.json`,
};
