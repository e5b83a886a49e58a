import { blocks, type Block, type TerraformDir, type TerraformTree } from './hcl-tree.js';
import {
  allStrings,
  expressionOf,
  firstNested,
  isHclObject,
  nestedBlocks,
  stringOf,
  stringsOf,
  type HclObject,
  type HclValue,
} from './hcl-values.js';

export interface PolicyCondition {
  test: string;
  variable: string;
  values: string[];
}

export interface PolicyStatement {
  sid: string;
  effect: 'Allow' | 'Deny';
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principals: { type: string; identifiers: string[] }[];
  conditions: PolicyCondition[];
}

/** How a document is used: as a role's trust, an identity policy, a key, bucket or topic policy... */
export type PolicyUse = 'trust' | 'identity' | 'key' | 'bucket' | 'repository' | 'topic';

export interface PolicyDocument {
  dir: TerraformDir;
  name: string;
  where: string;
  statements: PolicyStatement[];
  uses: PolicyUse[];
}

/** The attributes that take a policy document, and what the document is then. */
export const policyAttributes: ReadonlyArray<{ type: string; attribute: string; use: PolicyUse }> = [
  { type: 'aws_iam_role', attribute: 'assume_role_policy', use: 'trust' },
  { type: 'aws_iam_role_policy', attribute: 'policy', use: 'identity' },
  { type: 'aws_iam_policy', attribute: 'policy', use: 'identity' },
  { type: 'aws_kms_key', attribute: 'policy', use: 'key' },
  { type: 'aws_s3_bucket_policy', attribute: 'policy', use: 'bucket' },
  { type: 'aws_ecr_repository_policy', attribute: 'policy', use: 'repository' },
  { type: 'aws_sns_topic_policy', attribute: 'policy', use: 'topic' },
];

const documentReference = /^\$\{data\.aws_iam_policy_document\.([\w-]+)(?:\[[^\]]+\])?\.json\}$/;

/** The document a policy attribute names (`data.aws_iam_policy_document.X.json`), if it names one. */
export const referencedDocument = (value: HclValue | undefined) => documentReference.exec(stringOf(value) ?? '')?.[1];

/**
 * `each.value` / `each.key` of a block whose for_each is a local map, replaced by every value (or key)
 * of that map, so that checks see what the statements can contain.
 */
function eachResolver(dir: TerraformDir, block: Block) {
  const forEach = expressionOf(block.body.for_each);
  const local = forEach && /^local\.([\w-]+)$/.exec(forEach)?.[1];
  const map = local ? dir.locals[local] : undefined;
  return (values: string[]): string[] => {
    if (!isHclObject(map)) return values;
    return values.flatMap((value) => {
      if (value === '${each.value}') return Object.values(map).flatMap(allStrings);
      if (value === '${each.key}') return Object.keys(map);
      return [value];
    });
  };
}

function statementOf(body: HclObject, resolve: (values: string[]) => string[]): PolicyStatement {
  return {
    sid: stringOf(body.sid) ?? '',
    effect: body.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: resolve(stringsOf(body.actions)),
    notActions: resolve(stringsOf(body.not_actions)),
    resources: resolve(stringsOf(body.resources)),
    notResources: resolve(stringsOf(body.not_resources)),
    principals: nestedBlocks(body, 'principals').map((principal) => ({
      type: stringOf(principal.type) ?? '',
      identifiers: resolve(stringsOf(principal.identifiers)),
    })),
    conditions: nestedBlocks(body, 'condition').map((condition) => ({
      test: stringOf(condition.test) ?? '',
      variable: stringOf(condition.variable) ?? '',
      values: resolve(stringsOf(condition.values)),
    })),
  };
}

/** Every `data "aws_iam_policy_document"` of the tree, its statements (dynamic ones included) and uses. */
export function policyDocuments(tree: TerraformTree): PolicyDocument[] {
  return [...tree.dirs.values()].flatMap((dir) => {
    const uses = documentUses(dir);
    return blocks(dir, 'data', 'aws_iam_policy_document').map((block) => {
      const resolve = eachResolver(dir, block);
      const dynamic = nestedBlocks(firstNested(block.body, 'dynamic'), 'statement').flatMap((statement) =>
        nestedBlocks(statement, 'content'),
      );
      const statements = [...nestedBlocks(block.body, 'statement'), ...dynamic].map((body) =>
        statementOf(body, resolve),
      );
      return {
        dir,
        name: block.name,
        where: `${dir.path}: data.aws_iam_policy_document.${block.name}`,
        statements,
        uses: uses.get(block.name) ?? [],
      };
    });
  });
}

function documentUses(dir: TerraformDir): Map<string, PolicyUse[]> {
  const uses = new Map<string, PolicyUse[]>();
  for (const { type, attribute, use } of policyAttributes) {
    for (const block of blocks(dir, 'resource', type)) {
      const name = referencedDocument(block.body[attribute]);
      if (name) uses.set(name, [...(uses.get(name) ?? []), use]);
    }
  }
  return uses;
}
