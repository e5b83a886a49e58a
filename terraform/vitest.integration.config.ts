import { projectTestConfig } from '../vitest.shared.ts';

// Terraform itself (fmt, init + validate, terraform test) against the provider mirror.
export default projectTestConfig(import.meta.dirname, { layer: 'integration', testTimeout: 120_000 });
