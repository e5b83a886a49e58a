import { blocks, treeBlocks, type TerraformTree } from './hcl-tree.js';
import { nestedBlocks, stringOf } from './hcl-values.js';
import { policyDocuments } from './policy-documents.js';
import { violation, type Violation } from './violation.js';

/** The parts of a DynamoDB CreateTable input the Terraform must mirror (usersTableDefinition's shape). */
export interface TableDefinition {
  BillingMode?: string | undefined;
  AttributeDefinitions?: { AttributeName?: string | undefined; AttributeType?: string | undefined }[] | undefined;
  KeySchema?: { AttributeName?: string | undefined; KeyType?: string | undefined }[] | undefined;
  GlobalSecondaryIndexes?:
    | {
        IndexName?: string | undefined;
        KeySchema?: { AttributeName?: string | undefined; KeyType?: string | undefined }[] | undefined;
        Projection?: { ProjectionType?: string | undefined } | undefined;
      }[]
    | undefined;
  LocalSecondaryIndexes?: unknown[] | undefined;
}

type KeySchema = TableDefinition['KeySchema'];
const keyOf = (schema: KeySchema, type: 'HASH' | 'RANGE') => schema?.find((key) => key.KeyType === type)?.AttributeName;
const describe = (value: unknown) => JSON.stringify(value ?? null);

/** The adapter's time-to-live setting (usersTableTimeToLive's shape). */
export interface TimeToLive {
  AttributeName: string;
  Enabled: boolean;
}

/** Every DynamoDB table in the Terraform has the keys, attributes, indexes, billing and time to live of the adapter's table. */
export function checkTableDefinition(
  tree: TerraformTree,
  definition: TableDefinition,
  timeToLive: TimeToLive,
): Violation[] {
  const tables = treeBlocks(tree, 'resource', 'aws_dynamodb_table');
  if (tables.length === 0) return [violation('table-definition', 'terraform', 'declares no aws_dynamodb_table')];
  return tables.flatMap(({ dir, block }) => {
    const where = `${dir.path}: aws_dynamodb_table.${block.name}`;
    const differences: [string, unknown, unknown][] = [
      ['billing mode', block.body.billing_mode, definition.BillingMode],
      ['hash key', block.body.hash_key, keyOf(definition.KeySchema, 'HASH')],
      ['range key', block.body.range_key, keyOf(definition.KeySchema, 'RANGE')],
      [
        'attributes',
        nestedBlocks(block.body, 'attribute')
          .map((attribute) => `${stringOf(attribute.name)}:${stringOf(attribute.type)}`)
          .sort(),
        (definition.AttributeDefinitions ?? [])
          .map((attribute) => `${attribute.AttributeName}:${attribute.AttributeType}`)
          .sort(),
      ],
      [
        'global secondary indexes',
        nestedBlocks(block.body, 'global_secondary_index')
          .map((index) => [index.name, index.hash_key, index.range_key ?? null, index.projection_type].join(' '))
          .sort(),
        (definition.GlobalSecondaryIndexes ?? [])
          .map((index) =>
            [
              index.IndexName,
              keyOf(index.KeySchema, 'HASH'),
              keyOf(index.KeySchema, 'RANGE') ?? null,
              index.Projection?.ProjectionType,
            ].join(' '),
          )
          .sort(),
      ],
      [
        'time to live',
        nestedBlocks(block.body, 'ttl').map((ttl) => `${stringOf(ttl.attribute_name)} enabled=${String(ttl.enabled)}`),
        [`${timeToLive.AttributeName} enabled=${String(timeToLive.Enabled)}`],
      ],
      [
        'local secondary indexes',
        nestedBlocks(block.body, 'local_secondary_index').length,
        (definition.LocalSecondaryIndexes ?? []).length,
      ],
    ];
    return differences
      .filter(([, terraform, code]) => describe(terraform) !== describe(code))
      .map(([what, terraform, code]) =>
        violation(
          'table-definition',
          where,
          `${what} ${describe(terraform)} differ from usersTableDefinition ${describe(code)}`,
        ),
      );
  });
}

const objectActions = new Set(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']);

/** The key prefixes of the bucket the apps use: avatars, and direct uploads waiting for /complete. */
export interface ObjectPrefixes {
  /** `avatarsPrefix` of packages/users-domain. */
  avatars: string;
  /** `stagedUploadsPrefix` of packages/users-domain. */
  stagedUploads: string;
}

/** Each Terraform variable that holds a prefix, the local that makes its objects' ARN, and the prefix in code. */
const prefixVariables = (prefixes: ObjectPrefixes) => [
  { variable: 'avatar_prefix', local: 'avatar_objects', code: prefixes.avatars },
  { variable: 'staged_upload_prefix', local: 'staged_upload_objects', code: prefixes.stagedUploads },
];

/**
 * The apps' object permissions stop at the prefixes the domain uses (`avatarsPrefix`,
 * `stagedUploadsPrefix`), and listing the bucket is narrowed to them wherever it is conditioned.
 */
export function checkAvatarPrefix(tree: TerraformTree, prefixes: ObjectPrefixes): Violation[] {
  const dir = tree.dirs.get('modules/app-access');
  if (!dir) return [violation('avatar-prefix', 'modules/app-access', 'is missing')];
  const problems: Violation[] = [];
  for (const { variable: name, local, code } of prefixVariables(prefixes)) {
    const variable = blocks(dir, 'variable').find((block) => block.name === name);
    if (variable?.body.default !== code) {
      problems.push(
        violation(
          'avatar-prefix',
          dir.path,
          `${name} defaults to ${describe(variable?.body.default)}, the code uses "${code}"`,
        ),
      );
    }
    const objects = stringOf(dir.locals[local]);
    if (objects !== `\${var.bucket_arn}/\${var.${name}}*`) {
      problems.push(
        violation('avatar-prefix', dir.path, `local.${local} is ${describe(objects)}, not the prefix's objects`),
      );
    }
    for (const call of treeBlocks(tree, 'module').filter(({ block }) =>
      stringOf(block.body.source)?.endsWith('modules/app-access'),
    )) {
      if (name in call.block.body && call.block.body[name] !== code) {
        problems.push(violation('avatar-prefix', `${call.dir.path}: module.${call.block.name}`, `overrides ${name}`));
      }
    }
  }
  // The bucket's lifecycle rule for staged uploads must expire the prefix the code stages under.
  const bucket = tree.dirs.get('modules/users-data');
  const lifecyclePrefix = bucket && blocks(bucket, 'variable').find((block) => block.name === 'staged_upload_prefix');
  if (lifecyclePrefix?.body.default !== prefixes.stagedUploads) {
    problems.push(
      violation(
        'avatar-prefix',
        'modules/users-data',
        `staged_upload_prefix defaults to ${describe(lifecyclePrefix?.body.default)}, the code uses "${prefixes.stagedUploads}"`,
      ),
    );
  }
  const allowed = new Set(prefixVariables(prefixes).map(({ local }) => `\${local.${local}}`));
  for (const document of policyDocuments(tree).filter((document) => document.dir === dir)) {
    for (const statement of document.statements.filter((statement) =>
      statement.actions.some((action) => objectActions.has(action)),
    )) {
      const outside = statement.resources.filter((resource) => !allowed.has(resource));
      if (outside.length > 0) {
        problems.push(
          violation('avatar-prefix', document.where, `object actions reach beyond the prefix: ${outside.join(', ')}`),
        );
      }
    }
  }
  return problems;
}
