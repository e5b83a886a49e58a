import { checkAlarmActions, checkTopics } from './alarm-checks.js';
import type { TerraformTree } from './hcl-tree.js';
import { checkPolicyWildcards, checkTrustPolicies } from './iam-checks.js';
import {
  checkCluster,
  checkEcrRepositories,
  checkKmsKeys,
  checkNetwork,
  checkPublicEndpointRanges,
} from './platform-checks.js';
import { checkBuckets, checkTables } from './storage-checks.js';
import type { Violation } from './violation.js';

/** Every security rule of the issue, over the whole tree. */
export function checkSecurity(tree: TerraformTree): Violation[] {
  return [
    checkTables,
    checkBuckets,
    checkKmsKeys,
    checkEcrRepositories,
    checkPolicyWildcards,
    checkTrustPolicies,
    checkCluster,
    checkPublicEndpointRanges,
    checkNetwork,
    checkTopics,
    checkAlarmActions,
  ].flatMap((check) => check(tree));
}
