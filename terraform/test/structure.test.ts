import { beforeAll, describe, expect, it } from 'vitest';
import type { TerraformTree } from '../checks/hcl-tree.js';
import { checkBackends, checkEnvironmentOutputs, checkExampleVars } from '../checks/root-checks.js';
import {
  checkDeclarations,
  checkLayout,
  checkModulesHaveNoProviderOrBackend,
  checkPolicyDocumentsAreUsed,
  checkRegistryPins,
  checkSingletonNames,
  checkVersionConstraints,
} from '../checks/structure-checks.js';
import { describeViolations } from '../checks/violation.js';
import { loadTree } from './support/terraform-sources.js';

let tree: TerraformTree;
beforeAll(async () => {
  tree = await loadTree();
});

describe('the layout of terraform/', () => {
  it('has the modules, the composition of a cluster (modules/platform), the bootstrap, both cluster roots and the cluster bootstrap', () => {
    expect([...tree.dirs.keys()].sort()).toEqual([
      'bootstrap',
      'cluster-bootstrap',
      'envs/dev',
      'envs/prod',
      'modules/alarms',
      'modules/app-access',
      'modules/argocd-bootstrap',
      'modules/ecr',
      'modules/eks',
      'modules/external-secrets',
      'modules/github-oidc',
      'modules/kms',
      'modules/network',
      'modules/platform',
      'modules/secret-values',
      'modules/secrets',
      'modules/users-data',
    ]);
  });

  it.each([
    [
      'every module has main, variables, outputs and versions.tf and a README; every root also a backend, providers and example tfvars',
      checkLayout,
    ],
    ['every variable has a type and a description, every output a description', checkDeclarations],
    ['no module configures a provider or a backend', checkModulesHaveNoProviderOrBackend],
    ['every directory pins Terraform and each provider it uses', checkVersionConstraints],
    ['registry modules are pinned to an exact version', checkRegistryPins],
    ['a module resource alone of its type is named this', checkSingletonNames],
    ['policies are aws_iam_policy_document data sources, each of them used', checkPolicyDocumentsAreUsed],
    ['roots keep their state in S3 with native locking and encryption', checkBackends],
    ["each root's example tfvars sets exactly its declared variables", checkExampleVars],
    ['environment roots output the names and ARNs the Helm values need', checkEnvironmentOutputs],
  ])('%s', (_rule, check) => {
    const violations = check(tree);
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
