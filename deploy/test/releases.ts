import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const deployDir = join(import.meta.dirname, '..');

/** One app in one environment: the chart, the values file that overrides it, and where it runs. */
export interface Release {
  readonly app: string;
  readonly env: string;
  readonly chartDir: string;
  readonly valuesFile: string;
  readonly namespace: string;
}

/**
 * Every app × environment, from the layout that CI's tag bumps and Argo CD both rely on:
 * deploy/values/<env>/<app>.yaml overrides deploy/charts/<app>, released as <app> in users-<env>.
 */
export function releases(): Release[] {
  const valuesRoot = join(deployDir, 'values');
  return readdirSync(valuesRoot).flatMap((env) =>
    readdirSync(join(valuesRoot, env))
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => {
        const app = file.replace(/\.yaml$/, '');
        return {
          app,
          env,
          chartDir: join(deployDir, 'charts', app),
          valuesFile: join(valuesRoot, env, file),
          namespace: `users-${env}`,
        };
      }),
  );
}

export const chartExists = (release: Release) => existsSync(join(release.chartDir, 'Chart.yaml'));
