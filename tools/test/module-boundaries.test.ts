// The dependency rules are enforced by lint, not by hope: lint a file that breaks each rule, as if
// it stood in the project, and expect the rule to fire (and a file that keeps it, to pass).
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: join(import.meta.dirname, '..', '..') });

async function ruleViolations(filePath: string, code: string) {
  const [result] = await eslint.lintText(`${code}\nexport const probe = value;\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId);
}

describe('module boundaries', () => {
  // The first lint loads the config and Nx's project graph (seconds on a busy machine): in the hook,
  // with its 60 s budget, so no single test's 10 s budget pays for it.
  beforeAll(() => ruleViolations('packages/users-domain/src/warm-up.ts', 'const value = 1;'));

  it('forbid the domain to import an adapter', async () => {
    expect(
      await ruleViolations(
        'packages/users-domain/src/probe.ts',
        "import { S3AvatarStore as value } from '@platform/aws-adapters';",
      ),
    ).toContain('@nx/enforce-module-boundaries');
  });

  it('forbid the domain to import AWS, HTTP or Node I/O', async () => {
    for (const module of ['@aws-sdk/client-s3', 'hono', 'node:fs']) {
      expect(
        await ruleViolations('packages/users-domain/src/probe.ts', `import * as value from '${module}';`),
      ).toContain('no-restricted-imports');
    }
  });

  it('forbid adapter code to import the dev-only emulators, but let its tests', async () => {
    const code = "import { startLocalAws as value } from '@platform/local-aws';";
    expect(await ruleViolations('packages/aws-adapters/src/probe.ts', code)).toContain('@nx/enforce-module-boundaries');
    expect(await ruleViolations('packages/aws-adapters/test/probe.test.ts', code)).not.toContain(
      '@nx/enforce-module-boundaries',
    );
  });

  it('let an app reach the dev-only emulators from its dev entry point and its tests only', async () => {
    const code = "import { startEmbeddedAws as value } from '@platform/users-emulators';";
    expect(await ruleViolations('apps/api/src/main.ts', code)).toContain('@nx/enforce-module-boundaries');
    expect(await ruleViolations('apps/api/src/routes/probe.ts', code)).toContain('@nx/enforce-module-boundaries');
    expect(await ruleViolations('apps/api/src/dev.ts', code)).not.toContain('@nx/enforce-module-boundaries');
    expect(await ruleViolations('apps/api/test/probe.test.ts', code)).not.toContain('@nx/enforce-module-boundaries');
  });

  it('keep the typed client free of our code, and out of production code', async () => {
    const rule = '@nx/enforce-module-boundaries';
    const domainImport = "import { createUser as value } from '@platform/users-domain';";
    expect(await ruleViolations('packages/users-client/src/probe.ts', domainImport)).toContain(rule);
    const clientImport = "import { createUsersClient as value } from '@platform/users-client';";
    expect(await ruleViolations('apps/api/src/routes/probe.ts', clientImport)).toContain(rule);
    expect(await ruleViolations('apps/api/test/probe.test.ts', clientImport)).not.toContain(rule);
  });

  it('let the app import the domain and the adapters', async () => {
    const code =
      "import { createUser } from '@platform/users-domain';\nimport { S3AvatarStore as value } from '@platform/aws-adapters';\nvoid createUser;";
    expect(await ruleViolations('apps/api/src/probe.ts', code)).toEqual([]);
  });
});
