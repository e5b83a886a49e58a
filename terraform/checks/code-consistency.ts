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

/**
 * The apps' object permissions stop at the avatar prefix the domain uses (`avatarKeyPrefix`), and
 * listing the bucket is narrowed to that prefix wherever it is conditioned.
 */
export function checkAvatarPrefix(tree: TerraformTree, prefix: string): Violation[] {
  const dir = tree.dirs.get('modules/app-access');
  if (!dir) return [violation('avatar-prefix', 'modules/app-access', 'is missing')];
  const variable = blocks(dir, 'variable').find((block) => block.name === 'avatar_prefix');
  const objects = stringOf(dir.locals.avatar_objects);
  const problems: Violation[] = [];
  if (variable?.body.default !== prefix) {
    problems.push(
      violation(
        'avatar-prefix',
        dir.path,
        `avatar_prefix defaults to ${describe(variable?.body.default)}, the code uses "${prefix}"`,
      ),
    );
  }
  if (objects !== '${var.bucket_arn}/${var.avatar_prefix}*') {
    problems.push(
      violation('avatar-prefix', dir.path, `local.avatar_objects is ${describe(objects)}, not the prefix's objects`),
    );
  }
  for (const call of treeBlocks(tree, 'module').filter(({ block }) =>
    stringOf(block.body.source)?.endsWith('modules/app-access'),
  )) {
    if ('avatar_prefix' in call.block.body && call.block.body.avatar_prefix !== prefix) {
      problems.push(
        violation('avatar-prefix', `${call.dir.path}: module.${call.block.name}`, `overrides avatar_prefix`),
      );
    }
  }
  for (const document of policyDocuments(tree).filter((document) => document.dir === dir)) {
    for (const statement of document.statements.filter((statement) =>
      statement.actions.some((action) => objectActions.has(action)),
    )) {
      const outside = statement.resources.filter((resource) => resource !== '${local.avatar_objects}');
      if (outside.length > 0) {
        problems.push(
          violation('avatar-prefix', document.where, `object actions reach beyond the prefix: ${outside.join(', ')}`),
        );
      }
    }
  }
  return problems;
}
