import { projectTestConfig } from '../vitest.shared.ts';

export default projectTestConfig(import.meta.dirname, { layer: 'integration', testTimeout: 60_000 });
