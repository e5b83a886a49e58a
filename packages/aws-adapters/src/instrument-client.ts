/** One finished AWS call, as seen by the observer: the operation, how long it took with retries, and how it ended. */
export interface AwsCallEvent {
  readonly service: string;
  readonly operation: string;
  readonly durationSeconds: number;
  /** The error's name (e.g. `ThrottlingException`), or undefined when the call succeeded. */
  readonly errorName?: string;
}

export type AwsCallObserver = (event: AwsCallEvent) => void;

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string; priority: 'high' },
    ): void;
  };
}

/**
 * Reports every call the client makes — its latency including retries, and its outcome — to the
 * observer (the app turns these into metrics). Added once, right after the client is built.
 */
export function instrumentAwsClient<Client extends object>(
  client: Client,
  service: string,
  observe: AwsCallObserver,
): Client {
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      const started = performance.now();
      const report = (errorName?: string) =>
        observe({
          service,
          operation: context.commandName?.replace(/Command$/, '') ?? 'unknown',
          durationSeconds: (performance.now() - started) / 1000,
          ...(errorName !== undefined && { errorName }),
        });
      try {
        const result = await next(args);
        report();
        return result;
      } catch (error) {
        report(error instanceof Error ? error.name : 'UnknownError');
        throw error;
      }
    },
    { step: 'initialize', name: 'platformCallObserver', priority: 'high' },
  );
  return client;
}
