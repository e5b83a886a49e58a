// A stand-in for a Kubernetes API server, because no cluster can run on the build machines: an HTTP
// server on 127.0.0.1 that speaks enough of the API for @kubernetes/client-node — get, list and watch
// (with resourceVersion, field selectors, 410 Gone for compacted versions) of Argo CD Applications
// (argoproj.io/v1alpha1), Deployments (apps/v1) and CronJobs (batch/v1) — and can cut watch
// connections, so that tests can drive an Application through its states.
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

export type Resource = 'applications' | 'deployments' | 'cronjobs';

const resources: Record<string, Resource> = {
  'argoproj.io/v1alpha1/applications': 'applications',
  'apps/v1/deployments': 'deployments',
  'batch/v1/cronjobs': 'cronjobs',
};

const kinds: Record<Resource, { kind: string; group: string }> = {
  applications: { kind: 'Application', group: 'argoproj.io' },
  deployments: { kind: 'Deployment', group: 'apps' },
  cronjobs: { kind: 'CronJob', group: 'batch' },
};

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; resourceVersion?: string; [key: string]: unknown };
  [key: string]: unknown;
}

interface StoredEvent {
  readonly version: number;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly resource: Resource;
  readonly object: KubeObject;
}

interface OpenWatch {
  readonly resource: Resource;
  readonly namespace: string;
  readonly name: string | undefined;
  readonly response: ServerResponse;
}

export interface RecordedRequest {
  readonly path: string;
  readonly watch: boolean;
  readonly resourceVersion: string | null;
}

export class KubernetesApiStandIn {
  readonly token = 'stand-in-token';
  readonly requests: RecordedRequest[] = [];
  private readonly objects = new Map<string, KubeObject>();
  private readonly history: StoredEvent[] = [];
  private readonly watches = new Set<OpenWatch>();
  private readonly watchEvents = new EventEmitter();
  private version = 1000;
  /** Watches asking for an older resource version get 410 Gone (etcd compaction). */
  private oldestWatchable = 0;
  private server: Server | undefined;
  private address = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.address = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.dropWatches();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get url(): string {
    return this.address;
  }

  /** A kubeconfig pointing at this server, as `KubeConfig.loadFromOptions` builds it. */
  kubeConfig(token = this.token): KubeConfig {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'stand-in', server: this.address, skipTLSVerify: true }],
      users: [{ name: 'tester', token }],
      contexts: [{ name: 'stand-in', cluster: 'stand-in', user: 'tester' }],
      currentContext: 'stand-in',
    });
    return kubeConfig;
  }

  /** Creates or replaces an object (a new resource version), and tells the open watches. */
  apply(resource: Resource, object: KubeObject): KubeObject {
    const key = this.key(resource, object.metadata.namespace, object.metadata.name);
    const type = this.objects.has(key) ? 'MODIFIED' : 'ADDED';
    this.version += 1;
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(this.version);
    this.objects.set(key, stored);
    this.publish({ version: this.version, type, resource, object: stored });
    return stored;
  }

  /** A copy of a stored object, or undefined. */
  get(resource: Resource, namespace: string, name: string): KubeObject | undefined {
    const object = this.objects.get(this.key(resource, namespace, name));
    return object && structuredClone(object);
  }

  remove(resource: Resource, namespace: string, name: string): void {
    const key = this.key(resource, namespace, name);
    const object = this.objects.get(key);
    if (!object) return;
    this.objects.delete(key);
    this.version += 1;
    this.publish({ version: this.version, type: 'DELETED', resource, object: { ...object } });
  }

  /** Cuts every open watch connection, as a load balancer or an API server restart would. */
  dropWatches(): number {
    const count = this.watches.size;
    for (const watch of this.watches) watch.response.socket?.destroy();
    this.watches.clear();
    return count;
  }

  /** Forgets the history: resuming a watch from any version seen so far gets 410 Gone. */
  compactHistory(): void {
    this.oldestWatchable = this.version + 1;
    this.history.length = 0;
  }

  openWatches(): number {
    return this.watches.size;
  }

  /** Resolves once at least `count` watches are open (the client is listening). */
  async watching(count = 1): Promise<void> {
    while (this.watches.size < count) await once(this.watchEvents, 'opened');
  }

  private key(resource: Resource, namespace: string, name: string) {
    return `${resource}/${namespace}/${name}`;
  }

  private publish(event: StoredEvent): void {
    this.history.push(event);
    for (const watch of this.watches) {
      if (this.matches(watch, event)) this.send(watch.response, event.type, event.object);
    }
  }

  private matches(watch: Omit<OpenWatch, 'response'>, event: Pick<StoredEvent, 'resource' | 'object'>) {
    return (
      watch.resource === event.resource &&
      watch.namespace === event.object.metadata.namespace &&
      (watch.name === undefined || watch.name === event.object.metadata.name)
    );
  }

  private send(response: ServerResponse, type: string, object: unknown): void {
    response.write(`${JSON.stringify({ type, object })}\n`);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.address);
    const watch = url.searchParams.get('watch') === 'true';
    this.requests.push({ path: url.pathname, watch, resourceVersion: url.searchParams.get('resourceVersion') });
    if (request.headers.authorization !== `Bearer ${this.token}`) {
      return this.status(response, 401, 'Unauthorized', 'Unauthorized');
    }
    const match = /^\/apis\/([^/]+)\/([^/]+)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
    const resource = match ? resources[`${match[1]}/${match[2]}/${match[4]}`] : undefined;
    if (!match || !resource || request.method !== 'GET') {
      return this.status(response, 404, 'NotFound', `the server could not find the requested resource`);
    }
    const namespace = match[3]!;
    const name = match[5];
    if (name !== undefined) {
      const object = this.objects.get(this.key(resource, namespace, name));
      if (!object) {
        return this.status(response, 404, 'NotFound', `${resource}.${kinds[resource].group} "${name}" not found`);
      }
      return this.json(response, 200, object);
    }
    const selected = /^metadata\.name=(.+)$/.exec(url.searchParams.get('fieldSelector') ?? '')?.[1];
    if (watch) return this.watch(response, resource, namespace, selected, url.searchParams.get('resourceVersion'));
    const items = [...this.objects.entries()]
      .filter(([key]) => key.startsWith(`${resource}/${namespace}/`))
      .map(([, object]) => object)
      .filter((object) => selected === undefined || object.metadata.name === selected);
    return this.json(response, 200, {
      apiVersion: resource === 'applications' ? 'argoproj.io/v1alpha1' : 'v1',
      kind: `${kinds[resource].kind}List`,
      metadata: { resourceVersion: String(this.version) },
      items,
    });
  }

  private watch(
    response: ServerResponse,
    resource: Resource,
    namespace: string,
    name: string | undefined,
    from: string | null,
  ): void {
    response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    response.flushHeaders();
    const watch: OpenWatch = { resource, namespace, name, response };
    if (from && from !== '0' && Number(from) < this.oldestWatchable) {
      this.send(response, 'ERROR', {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `too old resource version: ${from} (${this.oldestWatchable})`,
        reason: 'Expired',
        code: 410,
      });
      response.end();
      return;
    }
    if (!from || from === '0') {
      for (const [key, object] of this.objects) {
        if (key.startsWith(`${resource}/`) && this.matches(watch, { resource, object }))
          this.send(response, 'ADDED', object);
      }
    } else {
      for (const event of this.history) {
        if (event.version > Number(from) && this.matches(watch, event)) this.send(response, event.type, event.object);
      }
    }
    this.watches.add(watch);
    this.watchEvents.emit('opened');
    response.on('close', () => this.watches.delete(watch));
  }

  private status(response: ServerResponse, code: number, reason: string, message: string): void {
    this.json(response, code, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      code,
    });
  }

  private json(response: ServerResponse, code: number, body: unknown): void {
    response.writeHead(code, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  }
}
