import { parseAllDocuments } from 'yaml';
import type { DeployValues } from './deploy-values.js';
import type { TerraformTree } from './hcl-tree.js';
import { isHclObject, stringOf } from './hcl-values.js';
import { callOf } from './helm-consistency.js';
import { environmentsOfCluster, namespaceOf } from './platform-contract.js';
import { environmentRoots } from './root-checks.js';
import { violation, type Violation } from './violation.js';

/** What Terraform creates for one environment (modules/platform's app_secrets) or for Argo CD of one cluster. */
export interface CreatedSecrets {
  /** Full names of the secrets, e.g. `users/dev/api`. */
  secretNames: string[];
  readerRoleName: string | undefined;
}

const substitute = (expression: string | undefined, name: string, value: string) =>
  expression?.replaceAll(`\${${name}}`, value);

/** The secrets and reader role Terraform creates for `environment`, read from modules/platform's call of modules/secrets. */
export function appSecretsOf(tree: TerraformTree, environment: string): CreatedSecrets {
  const platform = tree.dirs.get('modules/platform');
  const call = platform && callOf(platform, 'secrets');
  const path = substitute(stringOf(call?.body.path), 'each.key', environment);
  const secrets = isHclObject(call?.body.secrets) ? Object.keys(call.body.secrets) : [];
  return {
    secretNames: path ? secrets.map((name) => `${path}/${name}`) : [],
    readerRoleName: substitute(stringOf(call?.body.reader_role_name), 'each.key', environment),
  };
}

/** Argo CD's secrets and reader role on `cluster`, read from modules/external-secrets' call of modules/secrets. */
export function argocdSecretsOf(tree: TerraformTree, cluster: string): CreatedSecrets {
  const module = tree.dirs.get('modules/external-secrets');
  const call = module && callOf(module, 'secrets');
  const path = substitute(stringOf(call?.body.path), 'var.cluster_name', cluster);
  const secrets = isHclObject(call?.body.secrets) ? Object.keys(call.body.secrets) : [];
  return {
    secretNames: path ? secrets.map((name) => `${path}/${name}`) : [],
    readerRoleName: substitute(stringOf(call?.body.reader_role_name), 'var.cluster_name', cluster),
  };
}

/**
 * Every release whose values enable `secrets.externalSecret` reads a secret Terraform creates for its
 * own environment (`remoteKey`), through that environment's store (`secretStore: users-<env>`).
 * `missing` says what could not be checked because no values file enables an ExternalSecret yet.
 */
export function checkExternalSecretValues(tree: TerraformTree, deploy: DeployValues) {
  const enabled = deploy.releases.filter((release) => release.externalSecret);
  const missing =
    enabled.length === 0 ? ['secrets.externalSecret.enabled in deploy/values/<env>/<app>.yaml (none enables it)'] : [];
  const violations = enabled.flatMap((release): Violation[] => {
    const where = `deploy/values/${release.environment}/${release.app}.yaml`;
    const created = appSecretsOf(tree, release.environment).secretNames;
    const store = `users-${release.environment}`;
    const { secretStore, remoteKey } = release.externalSecret ?? {};
    return [
      ...(remoteKey !== undefined && created.includes(remoteKey)
        ? []
        : [
            violation(
              'secret-remote-key',
              where,
              `secrets.externalSecret.remoteKey ${JSON.stringify(remoteKey)} is not a secret Terraform creates for ${release.environment} (${created.join(', ') || 'none'})`,
            ),
          ]),
      ...(secretStore === store
        ? []
        : [
            violation(
              'secret-store-name',
              where,
              `secrets.externalSecret.secretStore is ${JSON.stringify(secretStore)}, not ${store}`,
            ),
          ]),
    ];
  });
  return { violations, missing };
}

/** One ClusterSecretStore as found in argocd/clusters/<cluster>/. */
export interface SecretStore {
  file: string;
  name: string | undefined;
  roleArn: string | undefined;
  region: string | undefined;
  namespaces: string[][];
}

const at = (document: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
    document,
  );

/** The ClusterSecretStores of the YAML files given (path → content). */
export function secretStoresIn(files: ReadonlyMap<string, string>): SecretStore[] {
  return [...files].flatMap(([file, content]) =>
    parseAllDocuments(content)
      .map((document) => document.toJS() as unknown)
      .filter((object) => at(object, 'kind') === 'ClusterSecretStore')
      .map((object) => {
        const conditions = at(object, 'spec', 'conditions');
        return {
          file,
          name: at(object, 'metadata', 'name') as string | undefined,
          roleArn: at(object, 'spec', 'provider', 'aws', 'role') as string | undefined,
          region: at(object, 'spec', 'provider', 'aws', 'region') as string | undefined,
          namespaces: Array.isArray(conditions)
            ? conditions.map((condition) => {
                const namespaces = at(condition, 'namespaces');
                return Array.isArray(namespaces) ? namespaces.map(String) : [];
              })
            : [],
        };
      }),
  );
}

const roleArn = /^arn:aws[a-z-]*:iam::(\d{12}):role\/([\w+=,.@-]+)$/;

/**
 * For each cluster: a store `users-<env>` per environment it hosts and one `argocd`, each assuming the
 * reader role Terraform creates for it (account and role name of the ARN, region of the root) and
 * serving only its own namespace; no store for anything else. `files` are the YAML files under
 * argocd/clusters/<cluster>/ (path → content), by cluster. `missing` names clusters with no store yet.
 */
export function checkSecretStores(tree: TerraformTree, files: ReadonlyMap<string, ReadonlyMap<string, string>>) {
  const violations: Violation[] = [];
  const missing: string[] = [];
  for (const root of environmentRoots(tree)) {
    const cluster = stringOf(root.exampleVars?.cluster_name) ?? '';
    const stores = secretStoresIn(files.get(cluster) ?? new Map());
    if (stores.length === 0) {
      missing.push(`ClusterSecretStores in argocd/clusters/${cluster}/`);
      continue;
    }
    const environments = isHclObject(root.exampleVars?.environments) ? Object.keys(root.exampleVars.environments) : [];
    const expected = new Map<string, { role: string | undefined; namespace: string }>([
      ...environments.map(
        (environment) =>
          [
            `users-${environment}`,
            { role: appSecretsOf(tree, environment).readerRoleName, namespace: namespaceOf(environment) },
          ] as const,
      ),
      ['argocd', { role: argocdSecretsOf(tree, cluster).readerRoleName, namespace: 'argocd' }],
    ]);
    for (const name of expected.keys()) {
      if (!stores.some((store) => store.name === name))
        violations.push(violation('secret-store', `argocd/clusters/${cluster}`, `has no ClusterSecretStore ${name}`));
    }
    for (const store of stores) {
      const where = `${store.file} ClusterSecretStore ${store.name ?? '<no name>'}`;
      const wanted = expected.get(store.name ?? '');
      if (!wanted) {
        violations.push(
          violation('secret-store', where, `is not a store of cluster ${cluster} (${[...expected.keys()].join(', ')})`),
        );
        continue;
      }
      const [, account, role] = roleArn.exec(store.roleArn ?? '') ?? [];
      if (role !== wanted.role || account !== root.exampleVars?.account_id)
        violations.push(
          violation(
            'secret-store-role',
            where,
            `role ${JSON.stringify(store.roleArn)} is not the reader Terraform creates (${wanted.role ?? '<none>'} in ${String(root.exampleVars?.account_id)})`,
          ),
        );
      if (store.region !== root.exampleVars?.region)
        violations.push(
          violation(
            'secret-store-region',
            where,
            `region ${JSON.stringify(store.region)} is not ${String(root.exampleVars?.region)}`,
          ),
        );
      if (store.namespaces.length === 0 || !store.namespaces.every((list) => list.join() === wanted.namespace))
        violations.push(
          violation(
            'secret-store-namespaces',
            where,
            `conditions do not restrict it to namespace ${wanted.namespace} alone (${JSON.stringify(store.namespaces)})`,
          ),
        );
    }
  }
  // Stores of clusters no root provisions.
  for (const cluster of files.keys()) {
    if (!Object.hasOwn(environmentsOfCluster, cluster) && secretStoresIn(files.get(cluster) ?? new Map()).length > 0)
      violations.push(
        violation('secret-store', `argocd/clusters/${cluster}`, 'holds stores of a cluster no root provisions'),
      );
  }
  return { violations, missing };
}
