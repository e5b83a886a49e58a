import { setTimeout as sleep } from 'node:timers/promises';
import { EmulatorStartError } from './emulator-start-error.js';
import type { SupervisedProcess } from './supervised-process.js';

const POLL_INTERVAL_MS = 100;

/**
 * Polls `probe` until it answers true. Rejects with an EmulatorStartError (carrying the emulator's
 * last output) as soon as the emulator exits, or after `timeoutMs`; stops the emulator then.
 */
export async function waitUntilReady(
  emulator: SupervisedProcess,
  probe: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (emulator.hasExited()) {
      const { code, signal } = await emulator.exited;
      const status = signal ? `signal ${signal}` : `exit code ${code}`;
      throw new EmulatorStartError(`${emulator.name} exited while starting (${status})`, emulator.outputTail());
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      await emulator.stop();
      throw new EmulatorStartError(
        `${emulator.name} did not answer within ${Math.round(timeoutMs / 1000)} s`,
        emulator.outputTail(),
      );
    }
    await Promise.race([sleep(POLL_INTERVAL_MS), emulator.exited]);
  }
}
