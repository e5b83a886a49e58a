// Argo CD's RBAC policy (argocd-rbac-cm policy.csv), read the way Argo CD reads it: `p` lines grant
// (subject, resource, action, object, effect), `g` lines make a user or SSO group a member of a role.

export interface Permission {
  subject: string;
  resource: string;
  action: string;
  object: string;
  effect: string;
}

export interface Policy {
  permissions: Permission[];
  memberships: { member: string; role: string }[];
}

export function parsePolicyCsv(csv: string): Policy {
  const rows = csv
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(',').map((cell) => cell.trim()));
  return {
    permissions: rows
      .filter((r) => r[0] === 'p')
      .map(([, subject = '', resource = '', action = '', object = '', effect = 'allow']) => ({
        subject,
        resource,
        action,
        object,
        effect,
      })),
    memberships: rows.filter((r) => r[0] === 'g').map(([, member = '', role = '']) => ({ member, role })),
  };
}

/** Every role a subject holds, itself included, through `g` lines at any depth. */
export function rolesOf(subject: string, policy: Policy): string[] {
  const roles = [subject];
  for (let i = 0; i < roles.length; i++) {
    for (const { member, role } of policy.memberships)
      if (member === roles[i] && !roles.includes(role)) roles.push(role);
  }
  return roles;
}

/** Argo CD's glob match of an RBAC object pattern; `*` is read loosely (it may cross "/"). */
export function objectMatches(pattern: string, object: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(object);
}
