import { usersByCreatedAtIndex, usersTableDefinition, usersTableTimeToLive } from '@platform/aws-adapters';
import { avatarsPrefix, stagedUploadsPrefix } from '@platform/users-domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAlarmRunbooks, checkAlarmWiring } from '../checks/alarm-checks.js';
import {
  checkArgoCdApplication,
  checkBootstrapManifests,
  checkNoClusterAccessFromCi,
} from '../checks/argocd-consistency.js';
import { checkAvatarPrefix, checkTableDefinition } from '../checks/code-consistency.js';
import { loadDeployValues, type DeployValues } from '../checks/deploy-values.js';
import type { TerraformTree } from '../checks/hcl-tree.js';
import { checkGithubRepository, checkHelmValues, checkRegistries } from '../checks/helm-consistency.js';
import { deployableApps, githubRepository } from '../checks/platform-contract.js';
import { checkExternalSecretValues, checkSecretStores } from '../checks/secrets-consistency.js';
import { describeViolations, type Violation } from '../checks/violation.js';
import { loadTree, readClusterFiles, readRepositoryFile, repositoryRoot } from './support/terraform-sources.js';

let tree: TerraformTree;
let deploy: DeployValues;
beforeAll(async () => {
  [tree, deploy] = await Promise.all([loadTree(), loadDeployValues(repositoryRoot)]);
});

const expectNone = (violations: Violation[]) => expect(violations, describeViolations(violations)).toEqual([]);

/** A check that cannot run yet on files another part of the repository has not written: loudly not checked. */
const warnMissing = (missing: string[]) => {
  if (missing.length > 0)
    console.warn(`NOT CHECKED: ${missing.join(', ')} do not exist yet; only the rest was checked.`);
};

describe('consistency with the code', () => {
  it("declares the table of packages/aws-adapters' usersTableDefinition: keys, attributes, byCreatedAt, billing, time to live", () => {
    expectNone(checkTableDefinition(tree, usersTableDefinition('users-test'), usersTableTimeToLive));
    expect(usersByCreatedAtIndex).toBe('byCreatedAt');
  });

  it("limits the apps' object permissions to the domain's avatar key prefix", () => {
    expectNone(checkAvatarPrefix(tree, { avatars: avatarsPrefix, stagedUploads: stagedUploadsPrefix }));
  });
});

describe('consistency with the Helm values (deploy/values/<env>/api.yaml)', () => {
  it("reads the releases of the three environments (the avatar-sweeper's too, where it has values)", () => {
    const api = deploy.releases.filter((release) => release.app === 'api').map((release) => release.environment);
    expect(api.sort()).toEqual(['dev', 'prod', 'staging']);
  });

  it('binds each environment to its cluster, users-<env> namespace, service accounts, table, bucket, region and image', () => {
    expectNone(checkHelmValues(tree, deploy));
  });

  it('creates one image repository per deployable app and reads the same list in every cluster root', () => {
    expectNone(checkRegistries(tree, deploy, deployableApps));
  });

  it('trusts the repository the charts come from', () => {
    expectNone(checkGithubRepository(tree, deploy, githubRepository));
  });
});

describe('consistency with the runbook (docs/runbook.md)', () => {
  it("alarms on every environment's own table and bucket, from each cluster root, linking this repository's runbook", () => {
    expectNone(checkAlarmWiring(tree));
  });

  it('links each CloudWatch alarm to a heading of the runbook', () => {
    expectNone(checkAlarmRunbooks(tree, readRepositoryFile('docs/runbook.md')));
  });
});

describe('consistency with the Argo CD bootstrap (terraform/cluster-bootstrap, argocd/)', () => {
  it('applies, for each cluster, the platform AppProject and its own root Application (named root, in argocd)', () => {
    const { violations, missing } = checkBootstrapManifests(tree, readRepositoryFile);
    warnMissing(missing);
    expectNone(violations);
  });

  it("installs Argo CD as each cluster's argo-cd Application names it: chart, exact version, release, values files", () => {
    const { violations, missing } = checkArgoCdApplication(tree, readRepositoryFile);
    warnMissing(missing);
    expectNone(violations);
  });

  it('gives the roots CI applies (envs/*) no Helm or Kubernetes provider, nor any module they call', () => {
    expectNone(checkNoClusterAccessFromCi(tree));
  });
});

describe('consistency of the secrets (Terraform, deploy/values, argocd/clusters)', () => {
  it("has every values file that enables an ExternalSecret read its own environment's secret through users-<env>", () => {
    const { violations, missing } = checkExternalSecretValues(tree, deploy);
    warnMissing(missing);
    expectNone(violations);
  });

  it("has each cluster's ClusterSecretStores assume the reader role Terraform creates, for their own namespace only", () => {
    const { violations, missing } = checkSecretStores(tree, readClusterFiles());
    warnMissing(missing);
    expectNone(violations);
  });
});
