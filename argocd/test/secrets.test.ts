// The secret stores and Argo CD's own ExternalSecrets of each cluster, against the contract Terraform
// builds to (reader roles users-<env>-secrets-reader and argocd-<cluster>-secrets-reader, secrets
// users/<env>/api, argocd/<cluster>/github-app and argocd/<cluster>/oidc), and against the Secret
// keys the argo-cd values files name.
import type { Manifest } from '@platform/manifest-validation';
import { describe, expect, it } from 'vitest';
import { unresolvedSecretReferences, valuesFilesOf } from './argo-cd-values.js';
import { clusters, environmentsOf, objects, objectsIn, type Json } from './objects.js';

const ACCOUNT = '123456789012';
const inStores = (cluster: string, kind: string) =>
  objects
    .filter((o) => o.file.startsWith(`clusters/${cluster}/secret-stores/`) && o.manifest.kind === kind)
    .map((o) => o.manifest);
const argoCd = (cluster: string) => objectsIn(`clusters/${cluster}/argo-cd.yaml`)[0]!;
const remoteRefs = (es: Manifest) =>
  ((es.spec as Json).data as Json[]).map((d) => ({
    secretKey: d.secretKey,
    key: d.remoteRef.key,
    property: d.remoteRef.property,
  }));

describe.each(clusters)("the %s cluster's secret stores", (cluster) => {
  it('are one ClusterSecretStore per environment of the cluster, and one for Argo CD', () => {
    const names = inStores(cluster, 'ClusterSecretStore').map((s) => s.metadata?.name);
    expect(names.sort()).toEqual([...environmentsOf(cluster).map((env) => `users-${env}`), 'argocd'].sort());
  });

  it('each read Secrets Manager in eu-west-1 through its own reader role, for its own namespace only', () => {
    for (const store of inStores(cluster, 'ClusterSecretStore')) {
      const name = store.metadata!.name!;
      const role = name === 'argocd' ? `argocd-${cluster}-secrets-reader` : `${name}-secrets-reader`;
      expect(store.spec, `ClusterSecretStore ${name}`).toEqual({
        conditions: [{ namespaces: [name] }],
        provider: {
          aws: { service: 'SecretsManager', region: 'eu-west-1', role: `arn:aws:iam::${ACCOUNT}:role/${role}` },
        },
      });
    }
  });

  it('hold only ExternalSecrets in argocd, through the argocd store, from argocd/<cluster>/*', () => {
    for (const es of inStores(cluster, 'ExternalSecret')) {
      expect(es.metadata?.namespace, es.metadata?.name).toBe('argocd');
      expect((es.spec as Json).secretStoreRef, es.metadata?.name).toEqual({
        kind: 'ClusterSecretStore',
        name: 'argocd',
      });
      for (const ref of remoteRefs(es)) expect(ref.key, es.metadata?.name).toMatch(new RegExp(`^argocd/${cluster}/`));
    }
  });

  it("write the notification GitHub App's key and the OIDC client secret from the contract's secrets", () => {
    const byTarget = (name: string) =>
      inStores(cluster, 'ExternalSecret').find((es) => (es.spec as Json).target.name === name)!;
    expect(remoteRefs(byTarget('argocd-notifications-secret'))).toEqual([
      { secretKey: 'github-privateKey', key: `argocd/${cluster}/github-app`, property: 'privateKey' },
    ]);
    expect(remoteRefs(byTarget('argocd-oidc'))).toEqual([
      { secretKey: 'clientSecret', key: `argocd/${cluster}/oidc`, property: 'clientSecret' },
    ]);
  });

  it('write every Secret key the argo-cd values files name ($github-privateKey, $argocd-oidc:clientSecret)', () => {
    const files = valuesFilesOf(argoCd(cluster));
    const text = JSON.stringify(files.map((f) => f.values));
    expect(text).toContain('$github-privateKey');
    expect(text).toContain('$argocd-oidc:clientSecret');
    expect(unresolvedSecretReferences(files, inStores(cluster, 'ExternalSecret'))).toEqual([]);
  });
});

describe('a values file naming a Secret key no ExternalSecret writes', () => {
  const files = valuesFilesOf(argoCd('dev'));
  const externalSecrets = inStores('dev', 'ExternalSecret');
  const edited = (edit: (values: Json) => void) =>
    files.map((f, i) => {
      const values = structuredClone(f.values);
      if (i === files.length - 1) edit(values);
      return { file: f.file, values };
    });

  it('fails, naming the file, the setting and the missing key', () => {
    const problems = unresolvedSecretReferences(
      edited((v) => {
        v.configs.cm['oidc.config'] = v.configs.cm['oidc.config'].replace(
          '$argocd-oidc:clientSecret',
          '$argocd-oidc:secret',
        );
        v.notifications.notifiers['service.github'] += 'webhookSecret: $github-webhookSecret\n';
      }),
      externalSecrets,
    );
    expect(problems).toEqual([
      'argocd/clusters/dev/argo-cd-values.yaml: notifications.notifiers."service.github" names $github-webhookSecret, but no ExternalSecret in argocd writes key github-webhookSecret of Secret argocd-notifications-secret',
      'argocd/clusters/dev/argo-cd-values.yaml: configs.cm."oidc.config" names $argocd-oidc:secret, but no ExternalSecret in argocd writes key secret of Secret argocd-oidc',
    ]);
  });

  it('fails when the OIDC Secret lacks the label Argo CD looks for, or the chart would make the notifications Secret', () => {
    const unlabelled = structuredClone(externalSecrets) as Json[];
    for (const es of unlabelled) delete es.spec.target.template;
    expect(unresolvedSecretReferences(files, unlabelled as Manifest[])).toEqual([
      expect.stringMatching(
        /^argocd\/clusters\/dev\/argo-cd-values\.yaml: .*does not label it app\.kubernetes\.io\/part-of: argocd$/,
      ),
    ]);
    expect(
      unresolvedSecretReferences(
        edited((v) => (v.notifications = { ...v.notifications, secret: { create: true } })),
        externalSecrets,
      ),
    ).toEqual([expect.stringMatching(/notifications\.secret\.create must be false/)]);
  });
});
