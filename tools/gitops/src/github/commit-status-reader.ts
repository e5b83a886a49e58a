import { GitHubApiError } from './github-api-error.ts';

/** A commit status state, as GitHub's REST API has them. */
export type CommitStatusState = 'error' | 'failure' | 'pending' | 'success';

export interface CommitStatus {
  readonly context: string;
  readonly state: CommitStatusState;
  readonly description: string | null;
  readonly target_url: string | null;
  readonly updated_at?: string;
}

export interface GitHubApiSettings {
  /** e.g. https://api.github.com (GITHUB_API_URL in Actions). */
  readonly apiUrl: string;
  /** owner/name */
  readonly repository: string;
  /** GITHUB_TOKEN or an installation token; without one only public repositories answer. */
  readonly token: string | undefined;
  /** Per request (default 30 s): a request that hangs is a transient problem. */
  readonly requestTimeoutMs?: number;
}

interface CombinedStatusPage {
  readonly statuses: readonly CommitStatus[];
}

/**
 * Reads commit statuses through `GET /repos/{owner}/{repo}/commits/{ref}/status`, the combined
 * status: the latest status of each context on that commit, paginated (per_page at most 100).
 */
export class CommitStatusReader {
  private readonly settings: GitHubApiSettings;

  constructor(settings: GitHubApiSettings) {
    this.settings = settings;
  }

  /** The latest status of `context` on `sha`, or undefined when that context has none there. */
  async statusOf(sha: string, context: string): Promise<CommitStatus | undefined> {
    let url: string | undefined =
      `${this.settings.apiUrl.replace(/\/+$/, '')}/repos/${this.settings.repository}/commits/${sha}/status?per_page=100`;
    while (url) {
      const response = await this.get(url);
      const page = (await response.json()) as CombinedStatusPage;
      const found = page.statuses.find((status) => status.context === context);
      if (found) return found;
      url = nextPageUrl(response.headers.get('link'));
    }
    return undefined;
  }

  private async get(url: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          accept: 'application/vnd.github+json',
          'x-github-api-version': '2022-11-28',
          'user-agent': 'platform-gitops',
          ...(this.settings.token ? { authorization: `Bearer ${this.settings.token}` } : {}),
        },
        signal: AbortSignal.timeout(this.settings.requestTimeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new GitHubApiError(`GitHub did not answer ${url}: ${(error as Error).message}`, true, undefined, {
        cause: error,
      });
    }
    if (response.ok) return response;
    throw await problemOf(response, url, this.settings);
  }
}

async function problemOf(response: Response, url: string, settings: GitHubApiSettings): Promise<GitHubApiError> {
  const body = await response.text().catch(() => '');
  const message = messageOf(body);
  const what = `GitHub answered ${response.status} to GET ${url}${message ? `: ${message}` : ''}`;
  const retryAtMs = rateLimitRetryAt(response, message);
  if (retryAtMs !== undefined) return new GitHubApiError(`${what} (rate-limited)`, true, retryAtMs);
  switch (response.status) {
    case 401:
      return new GitHubApiError(`${what}: the token was refused (GITHUB_TOKEN or GH_TOKEN)`, false);
    case 403:
      return new GitHubApiError(`${what}: the token may not read commit statuses (statuses: read)`, false);
    case 404:
      return new GitHubApiError(
        `${what}: no repository ${settings.repository} visible to ${settings.token ? 'this token' : 'an anonymous caller (set GITHUB_TOKEN)'}`,
        false,
      );
    case 422:
      // The commit is not (yet) known to GitHub: it may be a push GitHub has not finished taking in.
      return new GitHubApiError(what, true);
    default:
      return new GitHubApiError(what, response.status >= 500 || response.status === 408);
  }
}

/**
 * GitHub's rate limits, as its REST documentation describes them: 403 or 429 with `retry-after`
 * (seconds), or with `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (epoch seconds); a secondary
 * limit without either header means waiting at least a minute.
 */
function rateLimitRetryAt(response: Response, message: string): number | undefined {
  if (response.status !== 403 && response.status !== 429) return undefined;
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter !== null && /^\d+$/.test(retryAfter)) return Date.now() + Number(retryAfter) * 1000;
  const reset = response.headers.get('x-ratelimit-reset');
  if (response.headers.get('x-ratelimit-remaining') === '0' && reset !== null && /^\d+$/.test(reset)) {
    return Number(reset) * 1000;
  }
  if (response.status === 429 || /rate limit/i.test(message)) return Date.now() + 60_000;
  return undefined;
}

function messageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : '';
  } catch {
    return body.slice(0, 200);
  }
}

/** The `rel="next"` URL of a Link header, if any. */
function nextPageUrl(link: string | null): string | undefined {
  for (const part of link?.split(',') ?? []) {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}
