import { usersTableDefinition, usersTableTimeToLive } from '@platform/aws-adapters';
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
import { checkHelmValues } from '../checks/helm-consistency.js';
import { checkSecurity } from '../checks/security-checks.js';
import { checkExternalSecretValues, checkSecretStores } from '../checks/secrets-consistency.js';
import { checkStructure } from '../checks/structure-checks.js';
import { describeViolations, type Violation } from '../checks/violation.js';
import { breakages } from './support/breakages.js';
import {
  editedTree,
  readClusterFiles,
  readRepositoryFile,
  readSources,
  repositoryRoot,
} from './support/terraform-sources.js';

let sources: Map<string, string>;
let deploy: DeployValues;
const clusterFiles = readClusterFiles();
beforeAll(async () => {
  [sources, deploy] = await Promise.all([readSources(), loadDeployValues(repositoryRoot)]);
});

/** Every check the suite runs on the real tree, together. */
const allChecks = (tree: TerraformTree): Violation[] => [
  ...checkStructure(tree),
  ...checkSecurity(tree),
  ...checkTableDefinition(tree, usersTableDefinition('users-test'), usersTableTimeToLive),
  ...checkAvatarPrefix(tree, { avatars: avatarsPrefix, stagedUploads: stagedUploadsPrefix }),
  ...checkHelmValues(tree, deploy),
  ...checkBootstrapManifests(tree, readRepositoryFile).violations,
  ...checkArgoCdApplication(tree, readRepositoryFile).violations,
  ...checkNoClusterAccessFromCi(tree),
  ...checkExternalSecretValues(tree, deploy).violations,
  ...checkSecretStores(tree, clusterFiles).violations,
  ...checkAlarmWiring(tree),
  ...checkAlarmRunbooks(tree, readRepositoryFile('docs/runbook.md')),
];

describe('a deliberately broken copy of the tree', () => {
  it('passes every check before it is broken', async () => {
    const violations = allChecks(await editedTree(sources, []));
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it.each(breakages)('fails the checks with %s', async (_case, edits, rule) => {
    const violations = allChecks(await editedTree(sources, edits));
    expect(
      violations.map((found) => found.rule),
      describeViolations(violations),
    ).toContain(rule);
  });
});
