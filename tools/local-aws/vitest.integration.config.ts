import { projectTestConfig } from '../../vitest.shared.ts';

// The tests start real emulator processes (a JVM takes 1–3 s to answer on a busy machine).
export default projectTestConfig(import.meta.dirname, { layer: 'integration', testTimeout: 30_000 });
