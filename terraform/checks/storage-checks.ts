import { addressOf, blocks, type Block, type TerraformDir, type TerraformTree } from './hcl-tree.js';
import { firstNested, hasWildcard, nestedBlocks, stringOf, stringsOf, type HclObject } from './hcl-values.js';
import { policyDocuments, referencedDocument } from './policy-documents.js';
import { violation, type Violation } from './violation.js';

const dirs = (tree: TerraformTree) => [...tree.dirs.values()];

/** The resources of `type` that configure bucket `bucket` (their `bucket` refers to it). */
function configurationsOf(dir: TerraformDir, bucket: Block, type: string): Block[] {
  const reference = new RegExp(`^\\$\\{aws_s3_bucket\\.${bucket.name}\\.(id|bucket)\\}$`);
  return blocks(dir, 'resource', type).filter((block) => reference.test(stringOf(block.body.bucket) ?? ''));
}

type BucketRule = (dir: TerraformDir, bucket: Block, tree: TerraformTree) => string | undefined;

const bucketRules: Record<string, BucketRule> = {
  's3-encryption': (dir, bucket) => {
    const rules = configurationsOf(dir, bucket, 'aws_s3_bucket_server_side_encryption_configuration').flatMap(
      (configuration) => nestedBlocks(configuration.body, 'rule'),
    );
    const kms = rules.some((rule) => {
      const byDefault = firstNested(rule, 'apply_server_side_encryption_by_default');
      return (
        byDefault?.sse_algorithm === 'aws:kms' &&
        stringOf(byDefault.kms_master_key_id) &&
        rule.bucket_key_enabled === true
      );
    });
    return kms ? undefined : 'is not encrypted with SSE-KMS (customer-managed key, bucket key on)';
  },
  's3-public-access': (dir, bucket) => {
    const flags = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
    const blocked = configurationsOf(dir, bucket, 'aws_s3_bucket_public_access_block').some((block) =>
      flags.every((flag) => block.body[flag] === true),
    );
    return blocked ? undefined : 'does not block all public access';
  },
  's3-ownership': (dir, bucket) => {
    const enforced = configurationsOf(dir, bucket, 'aws_s3_bucket_ownership_controls').some(
      (controls) => firstNested(controls.body, 'rule')?.object_ownership === 'BucketOwnerEnforced',
    );
    const acls = configurationsOf(dir, bucket, 'aws_s3_bucket_acl').length > 0;
    return enforced && !acls ? undefined : 'object ownership is not BucketOwnerEnforced (ACLs off)';
  },
  's3-versioning': (dir, bucket) => {
    const enabled = configurationsOf(dir, bucket, 'aws_s3_bucket_versioning').some(
      (versioning) => firstNested(versioning.body, 'versioning_configuration')?.status === 'Enabled',
    );
    return enabled ? undefined : 'versioning is not enabled';
  },
  's3-lifecycle': (dir, bucket) => {
    const rules = configurationsOf(dir, bucket, 'aws_s3_bucket_lifecycle_configuration').flatMap((lifecycle) =>
      nestedBlocks(lifecycle.body, 'rule'),
    );
    // Only a rule for the whole bucket counts: one for a prefix leaves every other key's versions.
    const enabled = rules.filter((rule) => rule.status === 'Enabled' && coversWholeBucket(rule));
    const noncurrent = enabled.some((rule) => firstNested(rule, 'noncurrent_version_expiration'));
    const multipart = enabled.some((rule) => firstNested(rule, 'abort_incomplete_multipart_upload'));
    return noncurrent && multipart
      ? undefined
      : 'needs a lifecycle that expires noncurrent versions and aborts incomplete multipart uploads';
  },
  's3-tls-only': (dir, bucket, tree) => {
    const names = configurationsOf(dir, bucket, 'aws_s3_bucket_policy').map((policy) =>
      referencedDocument(policy.body.policy),
    );
    const documents = policyDocuments(tree).filter((document) => document.dir === dir && names.includes(document.name));
    const deniesPlainHttp = documents.some((document) =>
      document.statements.some(
        (statement) =>
          statement.effect === 'Deny' &&
          statement.actions.includes('s3:*') &&
          statement.principals.some((principal) => principal.identifiers.includes('*')) &&
          statement.resources.some((resource) => resource.endsWith('/*')) &&
          statement.resources.some((resource) => !resource.endsWith('/*')) &&
          statement.conditions.some(
            (condition) =>
              condition.test === 'Bool' &&
              condition.variable === 'aws:SecureTransport' &&
              condition.values.length === 1 &&
              condition.values[0] === 'false',
          ),
      ),
    );
    return deniesPlainHttp ? undefined : 'has no bucket policy denying requests without TLS';
  },
  's3-cors': (dir, bucket) => {
    const rules = configurationsOf(dir, bucket, 'aws_s3_bucket_cors_configuration').flatMap((cors) =>
      nestedBlocks(cors.body, 'cors_rule'),
    );
    const tooOpen = rules.some(
      (rule) =>
        stringsOf(rule.allowed_origins).some(hasWildcard) ||
        stringsOf(rule.allowed_methods).some((method) => method !== 'PUT'),
    );
    return tooOpen ? 'CORS allows more than PUT from named origins (presigned uploads)' : undefined;
  },
};

/** S3 buckets: SSE-KMS, no public access, owner-enforced, versioned, lifecycle, TLS only, narrow CORS. */
export function checkBuckets(tree: TerraformTree): Violation[] {
  return dirs(tree).flatMap((dir) =>
    blocks(dir, 'resource', 'aws_s3_bucket').flatMap((bucket) =>
      Object.entries(bucketRules).flatMap(([rule, check]) => {
        const problem = check(dir, bucket, tree);
        return problem ? [violation(rule, addressOf(dir, bucket), problem)] : [];
      }),
    ),
  );
}

/** A lifecycle rule whose filter is empty (or absent) applies to every object of the bucket. */
function coversWholeBucket(rule: HclObject): boolean {
  const filter = firstNested(rule, 'filter');
  return !filter || Object.keys(filter).length === 0;
}
