import type { Edit } from './terraform-sources.js';

const bucket = 'modules/users-data/bucket.tf';
const table = 'modules/users-data/main.tf';
const apiPolicy = 'modules/app-access/api-policy.tf';
const podTrust = 'modules/app-access/trust.tf';
const alarms = 'modules/alarms/main.tf';
const platform = 'modules/platform/main.tf';
const clusterBootstrap = 'cluster-bootstrap/main.tf';
const secrets = 'modules/secrets/main.tf';

/**
 * Deliberate breakages of the tree: what is done, the edits that do it, and the rule that must then
 * be reported. Each edit must match, so a case cannot pass by editing nothing.
 */
export const breakages: [string, Edit[], string][] = [
  [
    'a bucket without encryption',
    [{ file: bucket, from: /resource "aws_s3_bucket_server_side_encryption_configuration"[\s\S]*?\n\}\n/, to: '' }],
    's3-encryption',
  ],
  ['a bucket encrypted with SSE-S3, not KMS', [{ file: bucket, from: '"aws:kms"', to: '"AES256"' }], 's3-encryption'],
  [
    'a bucket that allows public policies',
    [{ file: bucket, from: 'block_public_policy     = true', to: 'block_public_policy     = false' }],
    's3-public-access',
  ],
  [
    'a bucket policy that no longer denies plain HTTP',
    [{ file: bucket, from: 'values   = ["false"]', to: 'values   = ["true"]' }],
    's3-tls-only',
  ],
  [
    'a bucket with versioning suspended',
    [{ file: bucket, from: /(versioning_configuration \{\s+status = )"Enabled"/, to: '$1"Suspended"' }],
    's3-versioning',
  ],
  [
    'a bucket that keeps noncurrent versions forever',
    [{ file: bucket, from: /\n\s+noncurrent_version_expiration \{[^}]*\}\n/, to: '\n' }],
    's3-lifecycle',
  ],
  [
    'CORS that allows DELETE',
    [{ file: bucket, from: 'allowed_methods = ["PUT"]', to: 'allowed_methods = ["PUT", "DELETE"]' }],
    's3-cors',
  ],
  [
    'a policy with "dynamodb:*"',
    [{ file: apiPolicy, from: '"dynamodb:GetItem",', to: '"dynamodb:*",' }],
    'iam-wildcard-action',
  ],
  [
    'a policy with s3 actions on "*"',
    [
      {
        file: apiPolicy,
        from: 'resources = [local.avatar_objects, local.staged_upload_objects]',
        to: 'resources = ["*"]',
      },
    ],
    'iam-wildcard-resource',
  ],
  [
    'a Pod Identity trust without the namespace condition',
    [
      {
        file: podTrust,
        from: /\n\s+condition \{\s+test\s+= "StringEquals"\s+variable = "aws:RequestTag\/kubernetes-namespace"[^}]*\}\n/,
        to: '\n',
      },
    ],
    'trust-pod-identity',
  ],
  [
    'a Pod Identity trust for any service account',
    [{ file: podTrust, from: 'values   = [each.value]', to: 'values   = ["*"]' }],
    'trust-pod-identity',
  ],
  [
    'a cluster without its private endpoint',
    [
      {
        file: 'modules/eks/main.tf',
        from: 'endpoint_private_access      = true',
        to: 'endpoint_private_access      = false',
      },
    ],
    'eks-private-endpoint',
  ],
  [
    'a cluster without metrics-server (the HPA)',
    [{ file: 'modules/eks/main.tf', from: /\n\s+metrics-server = \{\}/, to: '' }],
    'eks-addons',
  ],
  [
    'state locked in DynamoDB',
    [{ file: 'envs/dev/backend.tf', from: 'use_lockfile = true', to: 'dynamodb_table = "locks"' }],
    'backend',
  ],
  [
    'an inline JSON policy',
    [
      {
        file: 'modules/app-access/main.tf',
        from: 'policy = data.aws_iam_policy_document.api.json',
        to: 'policy = jsonencode({})',
      },
    ],
    'policy-inline',
  ],
  ['a module without versions.tf', [{ file: 'modules/ecr/versions.tf', remove: true }], 'layout'],
  [
    'a variable without a description',
    [{ file: 'modules/kms/variables.tf', from: /\n\s+description = "What the key protects[^\n]*/, to: '' }],
    'variable-description',
  ],
  [
    "a cluster root handing the composition another cluster's name",
    [
      {
        file: 'envs/dev/main.tf',
        from: 'cluster_name                 = var.cluster_name',
        to: 'cluster_name                 = "prod"',
      },
    ],
    'helm-wiring',
  ],
  [
    'a cluster root handing the composition environments other than its tfvars',
    [
      {
        file: 'envs/prod/main.tf',
        from: 'environments                 = var.environments',
        to: 'environments                 = {}',
      },
    ],
    'helm-wiring',
  ],
  [
    'the TTL attribute renamed away from the adapter (idempotency records would never expire)',
    [{ file: table, from: 'attribute_name = "expiresAt"', to: 'attribute_name = "ttl"' }],
    'table-definition',
  ],
  [
    'an index renamed away from the adapter',
    [{ file: table, from: '"byCreatedAt"', to: '"byDate"' }],
    'table-definition',
  ],
  [
    "a staged-upload prefix other than the domain's (presigned uploads would be denied)",
    [{ file: 'modules/app-access/variables.tf', from: 'default     = "uploads/"', to: 'default     = "staging/"' }],
    'avatar-prefix',
  ],
  [
    "an avatar prefix other than the domain's",
    [{ file: 'modules/app-access/variables.tf', from: 'default     = "avatars/"', to: 'default     = "images/"' }],
    'avatar-prefix',
  ],
  [
    "a table name other than the Helm values'",
    [{ file: 'envs/dev/example.tfvars', from: '"users-staging"', to: '"users-stage"' }],
    'helm-values',
  ],
  [
    "a service account other than the Helm values'",
    [
      {
        file: 'envs/prod/example.tfvars',
        from: 'api_service_account     = "api"',
        to: 'api_service_account     = "users-api"',
      },
    ],
    'helm-values',
  ],
  [
    'a namespace other than users-<env>',
    [
      {
        file: platform,
        from: 'namespace               = "users-${each.key}"',
        to: 'namespace               = each.key',
      },
    ],
    'helm-wiring',
  ],
  [
    'images from another account than the one Terraform manages',
    [
      {
        file: 'envs/dev/example.tfvars',
        from: 'account_id         = "123456789012"',
        to: 'account_id         = "210987654321"',
      },
    ],
    'helm-image',
  ],
  [
    "a cluster root bootstrapping Argo CD with the other cluster's root Application",
    [{ file: clusterBootstrap, from: 'root-${var.cluster_name}.yaml', to: 'root-prod.yaml' }],
    'argocd-bootstrap',
  ],
  [
    "a bucket name other than the avatar-sweeper's values",
    [{ file: 'envs/prod/example.tfvars', from: '"example-users-avatars-prod"', to: '"example-avatars-prod"' }],
    'helm-values',
  ],
  [
    'an alarm linking a heading the runbook does not have',
    [{ file: alarms, from: '#dynamodb-system-errors"', to: '#dynamodb-errors"' }],
    'alarm-runbook',
  ],
  [
    "alarms on another environment's table",
    [
      {
        file: platform,
        from: 'table_name    = module.users_data[each.key].table_name',
        to: 'table_name    = module.users_data["dev"].table_name',
      },
    ],
    'alarms-wiring',
  ],
  [
    'a cluster that accepts NetworkPolicies without enforcing them',
    [{ file: 'modules/eks/main.tf', from: 'jsonencode({ enableNetworkPolicy = "true" })', to: 'jsonencode({})' }],
    'eks-network-policy',
  ],
  [
    'viewers who can read Secrets (AmazonEKSAdminViewPolicy)',
    [{ file: 'modules/eks/main.tf', from: '/AmazonEKSViewPolicy"', to: '/AmazonEKSAdminViewPolicy"' }],
    'eks-access',
  ],
  [
    'a root applied by CI that talks to the cluster (the Helm provider in envs/prod)',
    [{ file: 'envs/prod/providers.tf', from: /$/, to: '\nprovider "helm" {}\n' }],
    'ci-cluster-access',
  ],
  [
    'a secret reader any role of the account may assume',
    [{ file: secrets, from: /\n\s+condition \{\s+test\s+= "ArnEquals"[^}]*\}\n/, to: '\n' }],
    'trust-principal',
  ],
  [
    "secrets under a path the values' remoteKey does not name",
    [
      {
        file: platform,
        from: 'path                    = "users/${each.key}"',
        to: 'path                    = "apps/${each.key}"',
      },
    ],
    'secret-remote-key',
  ],
  [
    'a reader role other than the one the ClusterSecretStores assume',
    [
      {
        file: platform,
        from: 'reader_role_name        = "users-${each.key}-secrets-reader"',
        to: 'reader_role_name        = "users-${each.key}-secrets"',
      },
    ],
    'secret-store-role',
  ],
  [
    'the cluster bootstrap installing Argo CD from a file other than the argo-cd Application',
    [{ file: clusterBootstrap, from: '/argo-cd.yaml"', to: '/argocd.yaml"' }],
    'argocd-application',
  ],
  [
    'a topic policy that is not a policy document (so no check could read it)',
    [{ file: alarms, from: 'policy = data.aws_iam_policy_document.topic.json', to: 'policy = jsonencode({})' }],
    'policy-inline',
  ],
];

/**
 * Breakages that Terraform must report through our harness: the run of the directory named fails, and
 * what the suite prints names that directory and carries Terraform's message. Terraform is the tool
 * under test in any other planted breakage, so there is one per command:
 * - validate: a module of the composition referring to an output the module it calls lacks, caught by
 *   validating the root that calls the composition (a root's validate reaches its modules);
 * - test: a rule of ours that a module's native test asserts.
 * The other rules of ours in tests/*.tftest.hcl each fail their module's run when broken, by reading:
 * point-in-time recovery, deletion protection and the table's key (users-data: the key, left unset,
 * is unknown at plan, so the condition cannot be evaluated), key rotation (kms), the topic's own key
 * and every alarm notifying the topic (alarms).
 */
export const terraformBreakages: [string, Edit[], { dir: string; message: string }][] = [
  [
    'a reference to a missing module output inside the composition',
    [{ file: 'modules/platform/outputs.tf', from: 'module.eks.cluster_endpoint', to: 'module.eks.endpoint' }],
    { dir: 'envs/dev', message: 'This object does not have an attribute named "endpoint".' },
  ],

  [
    'an apply role trusted for any branch that may enter a GitHub Environment',
    [
      {
        file: 'modules/github-oidc/main.tf',
        from: ':environment:${environment}:ref:refs/heads/${var.main_branch}"',
        to: ':environment:${environment}"',
      },
    ],
    { dir: 'modules/github-oidc', message: 'The apply role does not trust exactly' },
  ],
  [
    'mutable image tags',
    [{ file: 'modules/ecr/main.tf', from: '"IMMUTABLE"', to: '"MUTABLE"' }],
    { dir: 'modules/ecr', message: "A repository's tags are not IMMUTABLE." },
  ],
];
