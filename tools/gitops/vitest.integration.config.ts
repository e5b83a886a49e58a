import { projectTestConfig } from '../../vitest.shared.ts';

// The self-contained bundle (dist/tools/gitops/gitops.mjs, built by the `build` target this one depends on).
export default projectTestConfig(import.meta.dirname, { layer: 'integration', testTimeout: 60_000 });
