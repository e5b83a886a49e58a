import { beforeAll, describe, expect, it } from 'vitest';
import type { TerraformTree } from '../checks/hcl-tree.js';
import { checkPolicyWildcards, checkTrustPolicies } from '../checks/iam-checks.js';
import { checkCluster, checkNetwork, checkPublicEndpointRanges } from '../checks/platform-checks.js';
import { policyDocuments, type PolicyDocument } from '../checks/policy-documents.js';
import { checkBuckets } from '../checks/storage-checks.js';
import { describeViolations } from '../checks/violation.js';
import { loadTree } from './support/terraform-sources.js';

let tree: TerraformTree;
beforeAll(async () => {
  tree = await loadTree();
});

describe('security settings', () => {
  it.each([
    ['buckets are SSE-KMS, private, owner-enforced, versioned, TLS-only, with lifecycle and narrow CORS', checkBuckets],
    ['policies allow no wildcard action, and no wildcard resource for data', checkPolicyWildcards],
    ['role trusts are bound to a namespace/service account or to named roles of this account', checkTrustPolicies],
    [
      'the cluster has a private endpoint, control-plane logs, the add-ons, NetworkPolicy enforcement, view-only viewers and a node group',
      checkCluster,
    ],
    ['no example opens the Kubernetes API to 0.0.0.0/0', checkPublicEndpointRanges],
    ['the VPC spans at least two availability zones with private subnets', checkNetwork],
  ])('%s', (_rule, check) => {
    const violations = check(tree);
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});

/** The actions a document allows, by resource (as written in the Terraform). */
function allowed(document: PolicyDocument | undefined): Record<string, string[]> {
  const byResource: Record<string, string[]> = {};
  for (const statement of document?.statements.filter((statement) => statement.effect === 'Allow') ?? []) {
    for (const resource of statement.resources) {
      byResource[resource] = [...(byResource[resource] ?? []), ...statement.actions].sort();
    }
  }
  return byResource;
}

const appDocument = (name: string) =>
  policyDocuments(tree).find((document) => document.dir.path === 'modules/app-access' && document.name === name);

describe('the pod roles (modules/app-access)', () => {
  it('let the API make exactly the calls of packages/aws-adapters', () => {
    expect(allowed(appDocument('api'))).toEqual({
      // GetItem, UpdateItem; TransactWriteItems' Put and Delete items (and condition checks).
      '${var.table_arn}': [
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ],
      // Query on byCreatedAt only.
      '${var.table_index_arns}': ['dynamodb:Query'],
      // put, read, delete, and the presigned PUT and GET: avatars, and staged uploads (presigned PUT, read, delete).
      // s3:AbortMultipartUpload: S3AvatarStore.putStream, streaming to the avatar key, aborts the multipart upload of a body that failed.
      '${local.avatar_objects}': ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'],
      '${local.staged_upload_objects}': ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
      // HeadBucket, for readiness.
      '${var.bucket_arn}': ['s3:ListBucket'],
      '${var.kms_key_arns}': ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
    });
  });

  it('let the avatar-sweeper list and delete avatars and read and update users, nothing more', () => {
    expect(allowed(appDocument('avatar_sweeper'))).toEqual({
      // findByIds, detachAvatar (and single reads); listing users on byCreatedAt.
      '${var.table_arn}': ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
      '${var.table_index_arns}': ['dynamodb:Query'],
      '${var.bucket_arn}': ['s3:ListBucket'],
      // exists (HEAD) and deleteMany (DeleteObjects) under the prefix; list is ListBucket on the prefix.
      '${local.avatar_objects}': ['s3:DeleteObject', 's3:GetObject'],
      '${local.staged_upload_objects}': ['s3:DeleteObject', 's3:GetObject'],
      '${var.kms_key_arns}': ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
    });
    const listing = appDocument('avatar_sweeper')?.statements.find((statement) =>
      statement.actions.includes('s3:ListBucket'),
    );
    // No s3:prefix condition: HeadObject of a missing key must answer 404, which needs ListBucket.
    expect(listing?.conditions).toEqual([]);
  });

  it('use the data keys only through DynamoDB and S3', () => {
    for (const name of ['api', 'avatar_sweeper']) {
      const kms = appDocument(name)?.statements.find((statement) => statement.actions.includes('kms:Decrypt'));
      expect(kms?.conditions.map((condition) => condition.variable)).toEqual(['kms:ViaService']);
    }
  });
});
