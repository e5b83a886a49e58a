import type { HandlerOptions, InitializeMiddleware } from '@smithy/types';

/** One finished AWS call, as seen by the observer: the operation, how long it took with retries, and how it ended. */
export interface AwsCallEvent {
  readonly service: string;
  readonly operation: string;
  readonly durationSeconds: number;
  /** The error's name (e.g. `ThrottlingException`), or undefined when the call succeeded. */
  readonly errorName?: string;
}

export type AwsCallObserver = (event: AwsCallEvent) => void;

export const callObserverOptions: HandlerOptions & { step: 'initialize'; priority: 'high' } = {
  step: 'initialize',
  name: 'platformCallObserver',
  priority: 'high',
};

/**
 * A client middleware that reports every call — its latency including retries, and its outcome —
 * to the observer (the app turns these into metrics).
 */
export function callObserver<Input extends object, Output extends object>(
  service: string,
  observe: AwsCallObserver,
): InitializeMiddleware<Input, Output> {
  return (next, context) => async (args) => {
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
  };
}
