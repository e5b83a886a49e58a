// A stand-in for GitHub's REST API, because the build machines cannot reach GitHub: an HTTP server on
// 127.0.0.1 that serves `GET /repos/{owner}/{repo}/commits/{ref}/status` (the combined status) the way
// GitHub's REST reference describes it — the latest status per context, newest first, paginated by
// per_page/page with a Link header, the combined `state`, 404 for a repository the token cannot see,
// 401 for a bad token, 422 for an unknown commit, and rate limits as 403/429 with x-ratelimit-* or
// retry-after headers. Tests set statuses and queue faults; every request is recorded.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type State = 'error' | 'failure' | 'pending' | 'success';

interface StoredStatus {
  readonly id: number;
  readonly context: string;
  readonly state: State;
  readonly description: string | null;
  readonly created_at: string;
}

export interface Fault {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly message?: string;
}

export interface RecordedGitHubRequest {
  readonly sha: string;
  readonly authorization: string | undefined;
  readonly atMs: number;
  readonly answered: number;
}

export class GitHubApiStandIn {
  readonly token = 'ghs_standin';
  readonly repository = 'example-org/users-platform';
  readonly requests: RecordedGitHubRequest[] = [];
  /** Answers to give, in order, before serving statuses again. */
  readonly faults: Fault[] = [];
  /** Called after each request is answered (tests advance the state from here: no sleeps). */
  onRequest: (request: RecordedGitHubRequest) => void = () => undefined;
  private readonly statuses = new Map<string, StoredStatus[]>();
  private readonly knownCommits = new Set<string>();
  private nextId = 1;
  private server: Server | undefined;

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('The GitHub stand-in is not started.');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => this.handle(request, response));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    this.server?.close();
  }

  /** Commits GitHub knows (pushed); statuses may be set only on them, as on GitHub. */
  know(...shas: string[]): void {
    for (const sha of shas) this.knownCommits.add(sha);
  }

  /** POST /repos/{o}/{r}/statuses/{sha}, as Argo CD Notifications does it. */
  setStatus(sha: string, context: string, state: State, description: string | null = null): void {
    this.know(sha);
    const list = this.statuses.get(sha) ?? [];
    list.unshift({ id: this.nextId++, context, state, description, created_at: new Date().toISOString() });
    this.statuses.set(sha, list);
  }

  reset(): void {
    this.statuses.clear();
    this.knownCommits.clear();
    this.requests.length = 0;
    this.faults.length = 0;
    this.onRequest = () => undefined;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const match = /^\/repos\/([^/]+\/[^/]+)\/commits\/([^/]+)\/status$/.exec(url.pathname);
    const recorded = {
      sha: match?.[2] ?? '',
      authorization: request.headers.authorization,
      atMs: Date.now(),
    };
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-api-version-selected': '2022-11-28',
        ...headers,
      });
      response.end(JSON.stringify(body));
      const entry = { ...recorded, answered: status };
      this.requests.push(entry);
      this.onRequest(entry);
    };
    const documentation =
      'https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference';

    if (request.method !== 'GET' || !match)
      return answer(404, { message: 'Not Found', documentation_url: documentation });
    if (request.headers.authorization !== undefined && request.headers.authorization !== `Bearer ${this.token}`) {
      return answer(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    }
    const fault = this.faults.shift();
    if (fault) return answer(fault.status, { message: fault.message ?? 'Server Error' }, fault.headers);
    // A private repository: without a token it does not exist.
    if (match[1] !== this.repository || request.headers.authorization === undefined) {
      return answer(404, { message: 'Not Found', documentation_url: documentation, status: '404' });
    }
    const sha = match[2]!;
    if (!this.knownCommits.has(sha)) {
      return answer(422, {
        message: `No commit found for SHA: ${sha}`,
        documentation_url: documentation,
        status: '422',
      });
    }
    const latest = new Map<string, StoredStatus>();
    for (const status of this.statuses.get(sha) ?? [])
      if (!latest.has(status.context)) latest.set(status.context, status);
    const all = [...latest.values()];
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
    const page = Number(url.searchParams.get('page') ?? 1);
    const statuses = all.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999' };
    if (page * perPage < all.length) {
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${this.url}${next.pathname}${next.search}>; rel="next"`;
    }
    const states = all.map((status) => status.state);
    answer(
      200,
      {
        state: states.some((s) => s === 'error' || s === 'failure')
          ? 'failure'
          : states.length === 0 || states.includes('pending')
            ? 'pending'
            : 'success',
        statuses: statuses.map((status) => ({
          url: `${this.url}/repos/${this.repository}/statuses/${sha}`,
          avatar_url: null,
          id: status.id,
          node_id: `SC_${status.id}`,
          state: status.state,
          description: status.description,
          target_url: `https://argocd.example.com/applications/argocd/${status.context.replace('argocd/', '')}`,
          context: status.context,
          created_at: status.created_at,
          updated_at: status.created_at,
        })),
        sha,
        total_count: all.length,
        repository: { full_name: this.repository },
        commit_url: `${this.url}/repos/${this.repository}/commits/${sha}`,
        url: `${this.url}/repos/${this.repository}/commits/${sha}/status`,
      },
      headers,
    );
  }
}
