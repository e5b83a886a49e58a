import { join } from 'node:path';

export const packageRoot = join(import.meta.dirname, '..', '..');
export const workspaceRoot = join(packageRoot, '..', '..');
/** The CLI entry, run by Node 24 directly (type stripping), as `pnpm gitops` runs it. */
export const cliEntry = join(packageRoot, 'src', 'cli.ts');
