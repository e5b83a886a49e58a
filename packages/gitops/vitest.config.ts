import { projectTestConfig } from '../../vitest.shared.ts';

// The tests drive real git repositories, Nx in a temporary clone and many CLI processes at once.
export default projectTestConfig(import.meta.dirname, { testTimeout: 60_000 });
