// Who may do what in Argo CD: SSO only (no local admin, no Dex), nobody anything by default, the
// deployers group sync and roll back the prod apps and nothing more, the viewers group read-only.
import { describe, expect, it } from 'vitest';
import { fileSetting, mergeValues, valuesFilesOf } from './argo-cd-values.js';
import { applications, clusters, objectsIn, type Json } from './objects.js';
import { objectMatches, parsePolicyCsv, rolesOf } from './rbac-policy.js';

const DEPLOYERS = 'users-platform-deployers';
const VIEWERS = 'users-platform-viewers';
/** Rollback is checked as "sync"; switching automated sync off before it, as an "update" of the Application. */
const DEPLOYER_ACTIONS = ['get', 'sync', 'update'];
const valuesFiles = (cluster: string) => valuesFilesOf(objectsIn(`clusters/${cluster}/argo-cd.yaml`)[0]!);
const argoCdValues = (cluster: string) => mergeValues(...valuesFiles(cluster).map((f) => f.values));
const rbacObject = (app: { metadata?: { name?: string }; spec?: unknown }) =>
  `${(app.spec as Json).project}/${app.metadata?.name}`;

describe.each(clusters)('Argo CD access on the %s cluster', (cluster) => {
  const values = argoCdValues(cluster);
  const where = (...path: string[]) => fileSetting(valuesFiles(cluster), ...path);
  const { rbac } = values.configs;
  const policy = parsePolicyCsv(rbac['policy.csv']);
  const csv = where('configs', 'rbac', 'policy.csv');

  it('is through the OIDC provider only: no local admin, no Dex, groups from the token', () => {
    expect(values.configs.cm['admin.enabled'], where('configs', 'cm', 'admin.enabled')).toBe(false);
    expect(values.dex.enabled, where('dex', 'enabled')).toBe(false);
    expect(rbac.scopes, where('configs', 'rbac', 'scopes')).toBe('[groups]');
    expect(values.configs.cm['oidc.config'], where('configs', 'cm', 'oidc.config')).toMatch(/^issuer: https:\/\//m);
  });

  it('grants nothing by default', () => {
    expect(rbac['policy.default'], where('configs', 'rbac', 'policy.default')).toBe('');
  });

  it('binds only the deployers and viewers groups, the viewers to the built-in read-only role', () => {
    expect(policy.memberships.map((m) => m.member).sort(), csv).toEqual([DEPLOYERS, VIEWERS]);
    expect(rolesOf(VIEWERS, policy), csv).toEqual([VIEWERS, 'role:readonly']);
    expect(
      policy.permissions.filter((p) => rolesOf(VIEWERS, policy).includes(p.subject)),
      csv,
    ).toEqual([]);
  });

  it('lets the deployers get, sync and roll back (sync), and switch auto-sync (update), on Applications only', () => {
    const roles = rolesOf(DEPLOYERS, policy);
    expect(
      roles.filter((r) => r.startsWith('role:') && !r.startsWith('role:users-')),
      csv,
    ).toEqual([]);
    const granted = policy.permissions.filter((p) => roles.includes(p.subject));
    for (const p of granted)
      expect(p, 'a deployer permission').toMatchObject({ resource: 'applications', effect: 'allow' });
    expect([...new Set(granted.map((p) => p.action))].sort()).toEqual(DEPLOYER_ACTIONS);
  });

  it('lets the deployers act on every prod app of project users, and on no other Application', () => {
    const granted = policy.permissions.filter((p) => rolesOf(DEPLOYERS, policy).includes(p.subject));
    for (const app of applications) {
      const object = rbacObject(app);
      const isProdApp = (app.spec as Json).project === 'users' && app.metadata?.name?.endsWith('-prod');
      for (const action of DEPLOYER_ACTIONS) {
        const allowed = granted.some((p) => p.action === action && objectMatches(p.object, object));
        expect(allowed, `${csv}: ${action} on ${object}`).toBe(Boolean(isProdApp));
      }
    }
    expect(applications.filter((a) => a.metadata?.name?.endsWith('-prod')).length).toBeGreaterThan(0);
  });
});

describe('the RBAC policy reader', () => {
  it('follows group memberships and reads "*" loosely, so a too-wide pattern is caught', () => {
    const policy = parsePolicyCsv(
      'p, role:x, applications, sync, users/*, allow\ng, team, role:x\ng, role:x, role:admin\n',
    );
    expect(rolesOf('team', policy)).toEqual(['team', 'role:x', 'role:admin']);
    expect(objectMatches('users/*', 'users/api-dev')).toBe(true);
    expect(objectMatches('users/*-prod', 'users/api-staging')).toBe(false);
    expect(objectMatches('*/*-prod', 'cluster-addons/x/y-prod')).toBe(true);
  });
});

describe('the Argo CD ingress', () => {
  it.each(clusters)('%s: serves https://<global.domain> with TLS, the server behind it speaking HTTP', (cluster) => {
    const values = argoCdValues(cluster);
    const where = (...path: string[]) => fileSetting(valuesFiles(cluster), ...path);
    expect(values.global.domain, where('global', 'domain')).toMatch(/^[a-z0-9.-]+\.[a-z]+$/);
    expect(values.server.ingress, where('server', 'ingress')).toMatchObject({
      enabled: true,
      tls: true,
      ingressClassName: 'nginx',
    });
    expect(values.server.ingress.hostname ?? '', where('server', 'ingress', 'hostname')).toBe('');
    expect(values.configs.params['server.insecure'], where('configs', 'params', 'server.insecure')).toBe(true);
  });
});
