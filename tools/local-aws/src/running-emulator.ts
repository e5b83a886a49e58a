/** An emulator running as a supervised child process on 127.0.0.1. */
export interface RunningEmulator {
  /** Base URL to give an AWS SDK client, e.g. `http://127.0.0.1:45123`. */
  readonly endpoint: string;
  /** The TCP port it listens on. */
  readonly port: number;
  /**
   * Stops it: gracefully (SIGTERM) first, SIGKILL after a few seconds. Idempotent; resolves once
   * the emulator process has exited (its port is free again).
   */
  stop(): Promise<void>;
}
