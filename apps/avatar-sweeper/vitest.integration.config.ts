import { projectTestConfig } from '../../vitest.shared.ts';

// A bound that only stops a hang: each test takes a few seconds, and ten times that on a busy machine.
export default projectTestConfig(import.meta.dirname, { layer: 'integration', testTimeout: 60_000 });
