import { beforeAll, describe, expect, it } from 'vitest';
import { checkArgoCdApplication } from '../checks/argocd-consistency.js';
import { loadDeployValues, type DeployValues, type Release } from '../checks/deploy-values.js';
import type { TerraformTree } from '../checks/hcl-tree.js';
import { appSecretsOf, checkExternalSecretValues, checkSecretStores } from '../checks/secrets-consistency.js';
import { describeViolations } from '../checks/violation.js';
import { loadTree, readRepositoryFile, repositoryRoot } from './support/terraform-sources.js';

// The deploy/ and argocd/ sides are planted here, in memory: a release built from the real values and
// broken one field at a time, and ClusterSecretStores written as argocd/clusters/<cluster>/ holds them.
let tree: TerraformTree;
let deploy: DeployValues;
beforeAll(async () => {
  [tree, deploy] = await Promise.all([loadTree(), loadDeployValues(repositoryRoot)]);
});

const release = (environment: string, externalSecret: Release['externalSecret']): Release => ({
  app: 'api',
  environment,
  serviceAccount: 'api',
  region: 'eu-west-1',
  usersTable: `users-${environment}`,
  avatarsBucket: `example-users-avatars-${environment}`,
  imageRepository: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api',
  externalSecret,
});
const withReleases = (...releases: Release[]): DeployValues => ({ ...deploy, releases });
const rules = (violations: { rule: string }[]) => violations.map((found) => found.rule);

describe('values files that enable an ExternalSecret (deploy/values/<env>/<app>.yaml)', () => {
  it('name the secret Terraform creates for their environment, users/<env>/api', () => {
    expect(appSecretsOf(tree, 'staging')).toEqual({
      secretNames: ['users/staging/api'],
      readerRoleName: 'users-staging-secrets-reader',
    });
    const { violations } = checkExternalSecretValues(
      tree,
      withReleases(release('staging', { secretStore: 'users-staging', remoteKey: 'users/staging/api' })),
    );
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it("fail with the file when they read another environment's secret", () => {
    const { violations } = checkExternalSecretValues(
      tree,
      withReleases(release('staging', { secretStore: 'users-staging', remoteKey: 'users/prod/api' })),
    );
    expect(rules(violations)).toEqual(['secret-remote-key']);
    expect(violations[0]?.where).toBe('deploy/values/staging/api.yaml');
  });

  it("fail when they go through another environment's store", () => {
    const { violations } = checkExternalSecretValues(
      tree,
      withReleases(release('dev', { secretStore: 'users-prod', remoteKey: 'users/dev/api' })),
    );
    expect(rules(violations)).toEqual(['secret-store-name']);
  });

  it('are reported as not checked, not as passing, while no values file enables one', () => {
    const { violations, missing } = checkExternalSecretValues(tree, withReleases(release('dev', undefined)));
    expect(violations).toEqual([]);
    expect(missing).toHaveLength(1);
  });
});

const store = (name: string, role: string, namespaces: string[], region = 'eu-west-1') => `---
apiVersion: external-secrets.io/v1
kind: ClusterSecretStore
metadata:
  name: ${name}
spec:
  conditions:
    - namespaces: [${namespaces.join(', ')}]
  provider:
    aws:
      service: SecretsManager
      region: ${region}
      role: arn:aws:iam::123456789012:role/${role}
`;
const prodStores = (...documents: string[]) =>
  new Map([['prod', new Map([['argocd/clusters/prod/secret-stores/stores.yaml', documents.join('')]])]]);
const goodArgocd = store('argocd', 'argocd-prod-secrets-reader', ['argocd']);

describe("each cluster's ClusterSecretStores (argocd/clusters/<cluster>/)", () => {
  it('pass when each assumes its reader role for its own namespace', () => {
    const { violations } = checkSecretStores(
      tree,
      prodStores(store('users-prod', 'users-prod-secrets-reader', ['users-prod']), goodArgocd),
    );
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it("fail with the file and store when one assumes another environment's reader", () => {
    const { violations } = checkSecretStores(
      tree,
      prodStores(store('users-prod', 'users-dev-secrets-reader', ['users-prod']), goodArgocd),
    );
    expect(rules(violations)).toEqual(['secret-store-role']);
    expect(violations[0]?.where).toBe('argocd/clusters/prod/secret-stores/stores.yaml ClusterSecretStore users-prod');
  });

  it('fail when one serves more than its namespace', () => {
    const { violations } = checkSecretStores(
      tree,
      prodStores(store('users-prod', 'users-prod-secrets-reader', ['users-prod', 'argocd']), goodArgocd),
    );
    expect(rules(violations)).toEqual(['secret-store-namespaces']);
  });

  it('fail when an environment of the cluster has no store, or a store names an environment the cluster does not host', () => {
    const { violations } = checkSecretStores(
      tree,
      prodStores(store('users-dev', 'users-dev-secrets-reader', ['users-dev']), goodArgocd),
    );
    expect(rules(violations).sort()).toEqual(['secret-store', 'secret-store']);
  });
});

describe('the argo-cd Application the cluster bootstrap installs from (argocd/clusters/<cluster>/argo-cd.yaml)', () => {
  const application = (version: string, valuesFile: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: argo-cd
spec:
  sources:
    - repoURL: https://argoproj.github.io/argo-helm
      chart: argo-cd
      targetRevision: '${version}'
      helm:
        releaseName: argocd
        valueFiles: [$values/${valuesFile}]
    - repoURL: https://github.com/example-org/users-platform.git
      ref: values
`;
  const reading = (content: string) => (path: string) =>
    path.endsWith('/argo-cd.yaml')
      ? content
      : path === 'argocd/platform/values.yaml'
        ? 'a: 1'
        : readRepositoryFile(path);

  it('passes for the argo-cd chart at an exact version with values files that exist', () => {
    const { violations } = checkArgoCdApplication(tree, reading(application('9.1.0', 'argocd/platform/values.yaml')));
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('fails with the file for a version range or a values file that does not exist', () => {
    const { violations } = checkArgoCdApplication(tree, reading(application('9.x', 'argocd/platform/missing.yaml')));
    expect(new Set(violations.map((found) => found.message))).toEqual(
      new Set([
        'spec.sources[0].targetRevision "9.x" is not an exact x.y.z',
        'value file argocd/platform/missing.yaml does not exist',
      ]),
    );
    expect(violations[0]?.where).toMatch(/^argocd\/clusters\/(dev|prod)\/argo-cd\.yaml$/);
  });
});
