import { describe, expect, it } from 'vitest';
import { parseManifests, validateManifests, type Manifest } from '../src/index.js';

const deployment = (spec: Record<string, unknown>): Manifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } },
    ...spec,
  },
});

describe('validateManifests', () => {
  it('accepts valid objects of Kubernetes, Argo CD, the Prometheus Operator and External Secrets', async () => {
    const manifests = parseManifests(`
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { ports: [{ port: 80, targetPort: http }] }
---
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: { name: users, namespace: argocd }
spec: { sourceRepos: ['https://github.com/example-org/users-platform.git'] }
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: { name: web }
spec: { selector: { matchLabels: { app: web } }, endpoints: [{ port: metrics }] }
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: web }
spec:
  secretStoreRef: { kind: ClusterSecretStore, name: users-dev }
  target: { name: web-secrets }
  dataFrom: [{ extract: { key: users/dev/api } }]
`);
    expect(await validateManifests([...manifests, deployment({ replicas: 2 })])).toEqual([]);
  });

  it('reports a wrong type', async () => {
    const violations = await validateManifests([deployment({ replicas: 'two' })]);
    expect(violations).toContainEqual(
      expect.objectContaining({ object: 'Deployment/web', message: expect.stringMatching(/replicas/) }),
    );
  });

  it('reports a wrong type in an External Secrets object', async () => {
    const violations = await validateManifests([
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'web' },
        spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'users-dev' }, refreshInterval: 300 },
      },
    ]);
    expect(violations).toContainEqual(
      expect.objectContaining({ object: 'ExternalSecret/web', message: expect.stringMatching(/refreshInterval/) }),
    );
  });

  it('reports a misspelled field at any depth', async () => {
    const manifest = deployment({});
    const pod = (manifest.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec;
    pod.containers[0]!.readinesProbe = { httpGet: { path: '/readyz', port: 3000 } };
    const violations = await validateManifests([manifest]);
    expect(violations).toEqual([
      expect.objectContaining({ object: 'Deployment/web', message: expect.stringMatching(/readinesProbe/) }),
    ]);
  });

  it('reports a kind it has no schema for, rather than passing it', async () => {
    const violations = await validateManifests([
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
    ]);
    expect(violations).toEqual([{ object: 'Widget/w', message: 'no schema for example.com/v1 Widget' }]);
  });
});
