import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerfileOf, imageRuleViolations, readStages, workspaceRoot } from '../src/index.js';

/** Every deployable app, and the ports its image serves (a CronJob serves none). */
const apps = readdirSync(join(workspaceRoot, 'apps')).filter((app) => existsSync(dockerfileOf(app)));
const portsOf = (app: string) => (app === 'api' ? ['3000', '9464'] : []);

describe('the apps’ Dockerfiles', () => {
  it('exist for the deployable apps', () => {
    expect(apps).toEqual(expect.arrayContaining(['api', 'avatar-sweeper']));
  });

  it.each(apps)('%s keeps the image rules', (app) => {
    expect(imageRuleViolations(app, readStages({ path: dockerfileOf(app) }), { ports: portsOf(app) })).toEqual([]);
  });

  it('catch a Dockerfile that breaks them', () => {
    const broken = readFileSync(dockerfileOf('api'), 'utf8')
      .replace(/@sha256:[0-9a-f]{64} AS runtime/, ' AS runtime')
      .replace('USER 65532:65532', 'USER root')
      .replace('pnpm install --offline --frozen-lockfile', 'pnpm install')
      .replace(/FROM node:[\d.]+-/, 'FROM node:24.0.0-')
      .replace('COPY --from=build /usr/local/bin/node /nodejs/bin/node', '')
      .replace('ENTRYPOINT ["/nodejs/bin/node", "main.mjs"]', 'CMD ["main.mjs"]');
    expect(imageRuleViolations('api', readStages({ text: broken }), { ports: portsOf('api') })).toEqual(
      expect.arrayContaining([
        expect.stringContaining('pinned by digest'),
        expect.stringContaining('non-root'),
        expect.stringContaining('build stage must run'),
        expect.stringContaining('the version in .nvmrc'),
        expect.stringContaining("the build stage's Node"),
        expect.stringContaining('ENTRYPOINT'),
        expect.stringContaining('no CMD'),
      ]),
    );
  });

  it('keep secrets, local data, dependencies, git and tests out of the build context', () => {
    const ignored = readFileSync(join(workspaceRoot, '.dockerignore'), 'utf8').split('\n');
    for (const pattern of ['.env', '.env.*', '.data', '**/node_modules', '.git', '**/*.test.ts']) {
      expect(ignored).toContain(pattern);
    }
  });
});
