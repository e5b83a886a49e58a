// Where the pods' Secrets come from: every environment's api Secret is written by an ExternalSecret
// from AWS Secrets Manager, and a values file whose pods read a Secret that nothing in its render
// makes fails, naming the file and the Secret. Rendered by a real helm (see helm.ts).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '@platform/manifest-validation';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parse, stringify } from 'yaml';
import { releases, type Release } from './releases.js';
import { helm, render, valuesFile } from './render.js';
import { madeSecrets, releaseSecretViolations, secretReads, unmadeSecretViolations } from './secrets.js';

type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const apiReleases = releases().filter((release) => release.app === 'api');
const prod = apiReleases.find((release) => release.env === 'prod')!;
const find = (manifests: Manifest[], kind: string) => manifests.find((m) => m.kind === kind);

/** A copy of prod's api values file, edited, at deploy/values/prod/api.yaml inside a temp folder. */
function plantedRelease(edit: (values: Values) => void): Release {
  const dir = mkdtempSync(join(tmpdir(), 'planted-values-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'values', 'prod'), { recursive: true });
  const file = join(dir, 'values', 'prod', 'api.yaml');
  copyFileSync(prod.valuesFile, file);
  const values = parse(readFileSync(file, 'utf8')) as Values;
  edit(values);
  writeFileSync(file, stringify(values));
  return { ...prod, valuesFile: file };
}

describe.skipIf(!helm)('the Secrets the pods read', () => {
  it.each(releases().map((release) => [`${release.app} in ${release.env}`, release] as const))(
    '%s: every Secret a pod reads is made by the render (a Secret or an ExternalSecret target)',
    (_, release) => {
      expect(releaseSecretViolations(release)).toEqual([]);
    },
  );

  it.each(apiReleases.map((release) => [release.env, release] as const))(
    'api in %s: the ExternalSecret writes api-secrets from users/<env>/api through the store users-<env>',
    (env, release) => {
      const manifests = render(release);
      expect(find(manifests, 'Secret')).toBeUndefined();
      expect(find(manifests, 'ExternalSecret')?.spec).toEqual({
        refreshInterval: '5m',
        secretStoreRef: { kind: 'ClusterSecretStore', name: `users-${env}` },
        target: { name: 'api-secrets', creationPolicy: 'Owner' },
        data: ['API_KEYS', 'TOKEN_SECRET'].map((key) => ({
          secretKey: key,
          remoteRef: {
            key: `users/${env}/api`,
            property: key,
            conversionStrategy: 'Default',
            decodingStrategy: 'None',
            metadataPolicy: 'None',
          },
        })),
      });
      expect(secretReads(manifests).map((read) => read.secret)).toEqual(['api-secrets']);
    },
  );

  it('rolls the pods when the Secret changes (Reloader), and with the release when the chart writes it', () => {
    const deployment = find(render(prod), 'Deployment')!;
    expect(deployment.metadata?.annotations).toMatchObject({ 'secret.reloader.stakater.com/reload': 'api-secrets' });
    const created = find(
      render(
        prod,
        valuesFile({
          secrets: {
            existingSecret: '',
            create: true,
            apiKeys: 'k',
            tokenSecret: 't',
            externalSecret: { enabled: false },
          },
        }),
      ),
      'Deployment',
    )!;
    expect(created.metadata?.annotations).toMatchObject({ 'secret.reloader.stakater.com/reload': 'api-secrets' });
    expect(JSON.stringify(created.spec)).toContain('checksum/secret');
  });

  it('names the Secret after the ExternalSecret when existingSecret is empty', () => {
    const manifests = render(prod, valuesFile({ secrets: { existingSecret: '' } }));
    expect([...madeSecrets(manifests)]).toEqual(['api-secrets']);
    expect(secretReads(manifests).map((read) => read.secret)).toEqual(['api-secrets']);
  });
});

describe.skipIf(!helm)('a values file whose Secret nobody makes', () => {
  it('fails, naming the values file and the Secret, when the Secret is declared made elsewhere', () => {
    const planted = plantedRelease((values) => {
      values.secrets.externalSecret.enabled = false;
      values.secrets.madeElsewhere = true;
    });
    expect(releaseSecretViolations(planted)).toEqual([
      expect.stringMatching(
        /values\/prod\/api\.yaml: Deployment\/api reads Secret "api-secrets" \(envFrom of container api\), which neither the render creates nor any ExternalSecret targets$/,
      ),
    ]);
  });

  it('fails, naming the values file and the Secret, when the ExternalSecret is switched off and nothing else makes it', () => {
    const planted = plantedRelease((values) => (values.secrets.externalSecret.enabled = false));
    const [violation, ...rest] = releaseSecretViolations(planted);
    expect(rest).toEqual([]);
    expect(violation).toContain(`${planted.valuesFile}: helm template failed:`);
    expect(violation).toContain('exactly one of create, externalSecret.enabled and madeElsewhere');
    expect(violation).toContain('"api-secrets"');
  });

  it.each([
    ['two makers', { create: true, apiKeys: 'k', tokenSecret: 't', existingSecret: '' }, 'exactly one of'],
    [
      'madeElsewhere without a name',
      { madeElsewhere: true, existingSecret: '', externalSecret: { enabled: false } },
      'madeElsewhere needs',
    ],
    ['an ExternalSecret without a store', { externalSecret: { secretStore: '' } }, 'secretStore is required'],
    ['an ExternalSecret without a key', { externalSecret: { remoteKey: '' } }, 'remoteKey is required'],
  ])('refuses to render with %s', (_, secrets, message) => {
    const planted = plantedRelease((values) => {
      values.secrets = {
        ...values.secrets,
        ...secrets,
        externalSecret: { ...values.secrets.externalSecret, ...(secrets as Values).externalSecret },
      };
    });
    expect(releaseSecretViolations(planted)).toEqual([expect.stringContaining(message)]);
  });

  it('finds Secrets read through env secretKeyRef and volumes too', () => {
    const manifests = render(prod);
    const pod = (find(manifests, 'Deployment')!.spec as Values).template.spec;
    pod.containers[0].env = [{ name: 'X', valueFrom: { secretKeyRef: { name: 'env-secret', key: 'x' } } }];
    pod.volumes.push({ name: 'v', secret: { secretName: 'volume-secret' } });
    pod.volumes.push({ name: 'p', projected: { sources: [{ secret: { name: 'projected-secret' } }] } });
    expect(unmadeSecretViolations(manifests, '/somewhere/values.yaml')).toEqual([
      expect.stringContaining('"env-secret" (env X of container api)'),
      expect.stringContaining('"volume-secret" (volume v)'),
      expect.stringContaining('"projected-secret" (projected volume p)'),
    ]);
  });
});
