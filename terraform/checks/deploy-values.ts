import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { sweeperServiceAccount } from './platform-contract.js';

/** One release: `deploy/values/<environment>/<app>.yaml` overlaid on `deploy/charts/<app>/values.yaml`. */
export interface Release {
  app: string;
  environment: string;
  serviceAccount: string | undefined;
  region: string | undefined;
  usersTable: string | undefined;
  avatarsBucket: string | undefined;
  imageRepository: string | undefined;
  /** `secrets.externalSecret` when the environment enables it (deploy/values/<env>/<app>.yaml over the chart). */
  externalSecret: ExternalSecretValues | undefined;
}

/** What an enabled `secrets.externalSecret` names: the ClusterSecretStore and the Secrets Manager secret. */
export interface ExternalSecretValues {
  secretStore: string | undefined;
  remoteKey: string | undefined;
}

export interface DeployValues {
  releases: Release[];
  /** Charts under deploy/charts: the apps deployed so far. */
  charts: string[];
  /** `home` of the api chart: the repository's URL. */
  chartHome: string | undefined;
}

const at = (document: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
    document,
  );

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

async function readYaml(path: string): Promise<unknown> {
  return existsSync(path) ? parse(await readFile(path, 'utf8')) : undefined;
}

/** Service accounts of apps whose chart does not exist yet, by the contract. */
const plannedServiceAccounts: Record<string, string> = { 'avatar-sweeper': sweeperServiceAccount };

/** Reads every release's values (chart defaults, then the environment's overrides) from deploy/. */
export async function loadDeployValues(repositoryRoot: string): Promise<DeployValues> {
  const deploy = join(repositoryRoot, 'deploy');
  const charts = (await readdir(join(deploy, 'charts'), { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const releases: Release[] = [];
  for (const environment of await readdir(join(deploy, 'values'))) {
    const files = existsSync(join(deploy, 'values', environment))
      ? await readdir(join(deploy, 'values', environment))
      : [];
    for (const file of files.filter((name) => name.endsWith('.yaml'))) {
      const app = basename(file, '.yaml');
      const values = await readYaml(join(deploy, 'values', environment, file));
      const chart = await readYaml(join(deploy, 'charts', app, 'values.yaml'));
      const overlay = (...path: string[]) => text(at(values, ...path)) ?? text(at(chart, ...path));
      releases.push({
        app,
        environment,
        serviceAccount: overlay('serviceAccount', 'name') ?? plannedServiceAccounts[app],
        region: overlay('aws', 'region'),
        usersTable: overlay('aws', 'usersTable'),
        avatarsBucket: overlay('aws', 'avatarsBucket'),
        imageRepository: overlay('image', 'repository'),
        externalSecret:
          (at(values, 'secrets', 'externalSecret', 'enabled') ?? at(chart, 'secrets', 'externalSecret', 'enabled')) ===
          true
            ? {
                secretStore: overlay('secrets', 'externalSecret', 'secretStore'),
                remoteKey: overlay('secrets', 'externalSecret', 'remoteKey'),
              }
            : undefined,
      });
    }
  }
  const chartFile = await readYaml(join(deploy, 'charts/api/Chart.yaml'));
  return { releases, charts, chartHome: text(at(chartFile, 'home')) };
}
