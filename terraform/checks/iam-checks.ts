import { hasWildcard } from './hcl-values.js';
import {
  policyDocuments,
  type PolicyCondition,
  type PolicyDocument,
  type PolicyStatement,
} from './policy-documents.js';
import type { TerraformTree } from './hcl-tree.js';
import { violation, type Violation } from './violation.js';

/** Actions AWS authorizes only on "*" (no resource-level permissions). */
export const resourcelessActions = new Set(['ecr:GetAuthorizationToken', 'sts:GetCallerIdentity']);

/** "*", a whole service or account ("arn:aws:s3:::*", "arn:aws:dynamodb:eu-west-1:1:*"), every table... */
export function isWildcardResource(resource: string): boolean {
  const literal = resource.replace(/\$\{[^}]*\}/g, 'X');
  return (
    literal === '*' ||
    literal.startsWith('arn:*') ||
    /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/.test(literal) ||
    /^arn:[^:]*:s3:::\*/.test(literal) ||
    /:(table|key|repository|role)\/\*$/.test(literal)
  );
}

const allows = (document: PolicyDocument) =>
  document.statements.filter((statement) => statement.effect === 'Allow').map((statement) => ({ document, statement }));

const where = (document: PolicyDocument, statement: PolicyStatement) =>
  `${document.where}${statement.sid ? ` (${statement.sid})` : ''}`;

/**
 * Allow statements name their actions (no "*", no "service:*", no NotAction) and, in identity
 * policies, their resources (no wildcard resource except for actions that only accept "*").
 * Key policies may say "*" as resource: there it means the key itself.
 */
export function checkPolicyWildcards(tree: TerraformTree): Violation[] {
  return policyDocuments(tree)
    .flatMap(allows)
    .flatMap(({ document, statement }) => {
      const at = where(document, statement);
      const problems: Violation[] = [];
      for (const action of statement.actions.filter(hasWildcard)) {
        problems.push(violation('iam-wildcard-action', at, `allows the wildcard action "${action}"`));
      }
      if (statement.notActions.length > 0) problems.push(violation('iam-wildcard-action', at, 'allows NotAction'));
      if (statement.notResources.length > 0)
        problems.push(violation('iam-wildcard-resource', at, 'allows NotResource'));
      const identity = document.uses.includes('identity');
      const resourceless = statement.actions.every((action) => resourcelessActions.has(action));
      if (identity && !resourceless) {
        for (const resource of statement.resources.filter(isWildcardResource)) {
          problems.push(
            violation('iam-wildcard-resource', at, `allows ${statement.actions.join(', ')} on "${resource}"`),
          );
        }
      }
      const publicPrincipal = statement.principals.some(
        (principal) => principal.type === '*' || (principal.type === 'AWS' && principal.identifiers.includes('*')),
      );
      if (publicPrincipal) problems.push(violation('iam-public-principal', at, 'allows any principal ("*")'));
      return problems;
    });
}

const conditionOn = (statement: PolicyStatement, test: (variable: string) => boolean) =>
  statement.conditions.filter(
    (condition) => test(condition.variable) && (condition.test === 'StringEquals' || condition.test === 'StringLike'),
  );

const pinned = (conditions: PolicyCondition[]) =>
  conditions.length > 0 &&
  conditions.every((condition) => condition.values.length > 0 && !condition.values.some(hasWildcard));

const accountRoot =
  /^arn:\$\{data\.aws_partition\.current\.partition\}:iam::\$\{data\.aws_caller_identity\.current\.account_id\}:root$/;

/**
 * Role trusts are bound: EKS Pod Identity to a namespace and service account (session tags), IRSA to
 * one system:serviceaccount subject, an AWS principal to this account narrowed to named roles
 * (`aws:PrincipalArn`). GitHub OIDC trusts are asserted exactly by modules/github-oidc's own
 * `terraform test` (tests/github-oidc.tftest.hcl: each role's subjects, test and audience), which
 * replaced the prefix check that stood here.
 */
export function checkTrustPolicies(tree: TerraformTree): Violation[] {
  return policyDocuments(tree)
    .filter((document) => document.uses.includes('trust'))
    .flatMap(allows)
    .flatMap(({ document, statement }) => {
      const at = where(document, statement);
      const types = statement.principals.map((principal) => principal.type);
      const podIdentity = statement.principals.some((principal) =>
        principal.identifiers.includes('pods.eks.amazonaws.com'),
      );
      if (podIdentity) {
        const namespace = conditionOn(statement, (variable) => variable === 'aws:RequestTag/kubernetes-namespace');
        const account = conditionOn(statement, (variable) => variable === 'aws:RequestTag/kubernetes-service-account');
        return pinned(namespace) && pinned(account)
          ? []
          : [
              violation(
                'trust-pod-identity',
                at,
                'Pod Identity trust is not bound to one namespace and service account',
              ),
            ];
      }
      if (types.length > 0 && types.every((type) => type === 'AWS')) {
        const roles = statement.conditions.filter(
          (condition) =>
            condition.variable === 'aws:PrincipalArn' &&
            (condition.test === 'ArnEquals' || condition.test === 'StringEquals'),
        );
        const ownAccount = statement.principals.every((principal) =>
          principal.identifiers.every((identifier) => accountRoot.test(identifier)),
        );
        return ownAccount && pinned(roles)
          ? []
          : [
              violation(
                'trust-principal',
                at,
                'an AWS principal must be this account narrowed to exact roles (ArnEquals aws:PrincipalArn)',
              ),
            ];
      }
      if (types.includes('Federated')) {
        const github = statement.conditions.some((condition) =>
          condition.variable.startsWith('token.actions.githubusercontent.com:'),
        );
        if (github) return [];
        const subjects = conditionOn(statement, (variable) => variable.endsWith(':sub'));
        const audiences = conditionOn(statement, (variable) => variable.endsWith(':aud'));
        const values = subjects.flatMap((condition) => condition.values);
        return pinned(subjects) &&
          pinned(audiences) &&
          values.every((value) => value.startsWith('system:serviceaccount:'))
          ? []
          : [
              violation(
                'trust-federated',
                at,
                'web-identity trust needs an aud and exact system:serviceaccount subjects',
              ),
            ];
      }
      return [violation('trust-principal', at, `trusts ${types.join(', ')} principals: bind it like the others`)];
    });
}
