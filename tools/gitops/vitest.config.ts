import { mergeConfig } from 'vitest/config';
import { projectTestConfig } from '../../vitest.shared.ts';

// The tests drive real git repositories, Nx in a temporary clone and many CLI processes at once. Their
// time goes mostly to those child processes, so two files run at once even on two cores.
export default mergeConfig(projectTestConfig(import.meta.dirname, { testTimeout: 60_000 }), {
  test: { maxWorkers: 2 },
});
