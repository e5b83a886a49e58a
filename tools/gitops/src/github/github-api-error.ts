/**
 * GitHub's REST API did not answer the question. `transient` problems (the network, 5xx, a commit
 * GitHub does not know yet, a rate limit) are worth asking again, from `retryAtMs` on when GitHub
 * said when; the others (401, 403, 404: token or repository refused) are not.
 */
export class GitHubApiError extends Error {
  readonly transient: boolean;
  /** Epoch milliseconds before which asking again is pointless (rate limits). */
  readonly retryAtMs: number | undefined;

  constructor(message: string, transient: boolean, retryAtMs?: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GitHubApiError';
    this.transient = transient;
    this.retryAtMs = retryAtMs;
  }
}
