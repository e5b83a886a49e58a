import type { TerraformTree } from './hcl-tree.js';
import { checkPolicyWildcards, checkTrustPolicies } from './iam-checks.js';
import { checkCluster, checkNetwork, checkPublicEndpointRanges } from './platform-checks.js';
import { checkBuckets } from './storage-checks.js';
import type { Violation } from './violation.js';

/**
 * The security rules no Terraform test can take over: bucket settings across the tree (the TLS-only
 * policy is a document no mock provider renders), policy documents, and the registry modules' inputs.
 * Tables, keys, repositories, topics and alarms are asserted by the modules' terraform tests.
 */
export function checkSecurity(tree: TerraformTree): Violation[] {
  return [
    checkBuckets,
    checkPolicyWildcards,
    checkTrustPolicies,
    checkCluster,
    checkPublicEndpointRanges,
    checkNetwork,
  ].flatMap((check) => check(tree));
}
