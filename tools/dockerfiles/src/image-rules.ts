import { join } from 'node:path';
import type { Copy } from 'dockerfile-ast';
import {
  argumentsOf,
  pinnedNodeVersion,
  runtimeArtifact,
  withKeyword,
  workspaceRoot,
  type Stage,
} from './dockerfile.js';

const runs = (stage: Stage) => withKeyword(stage, 'RUN').map((i) => argumentsOf(i).join(' '));

/**
 * What every app image must be: built in one stage from the frozen lockfile with Nx on the Node of
 * .nvmrc, run in another (distroless) on that build stage's own Node binary as a non-root numeric
 * user in production mode, holding only the app's bundle, every base image pinned by digest with
 * its tag in a comment. Returns what is wrong.
 */
export function imageRuleViolations(
  app: string,
  stages: readonly Stage[],
  options: { ports: readonly string[] },
): string[] {
  const violations: string[] = [];
  const build = stages[0];
  const runtime = stages.at(-1);
  if (!build || !runtime || stages.length < 2 || build.name !== 'build') {
    return ['needs a stage named build and a separate runtime stage'];
  }
  for (const stage of stages) {
    if (!/@sha256:[0-9a-f]{64}$/.test(stage.image))
      violations.push(`${stage.image}: base image must be pinned by digest`);
    if (!/[\w./-]+:[\w.-]+/.test(stage.comment))
      violations.push(`${stage.image}: the comment above FROM must name its tag`);
  }
  const node = pinnedNodeVersion();
  if (!build.image.startsWith(`node:${node}-`)) {
    violations.push(`${build.image}: the build stage must be node:${node}-… (the version in .nvmrc)`);
  }
  const copiesNode = withKeyword(runtime, 'COPY').some(
    (copy) =>
      (copy as Copy).getFromFlag()?.getValue() === 'build' &&
      argumentsOf(copy).join(' ') === '/usr/local/bin/node /nodejs/bin/node',
  );
  if (!copiesNode)
    violations.push("runtime must run the build stage's Node: COPY --from=build /usr/local/bin/node /nodejs/bin/node");
  const steps = build.instructions.map((i) => `${i.getKeyword()} ${argumentsOf(i).join(' ')}`);
  const order = [
    'COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./',
    'RUN pnpm fetch --frozen-lockfile',
    'COPY . .',
    'RUN pnpm install --offline --frozen-lockfile',
    `RUN pnpm nx run ${app}:build`,
  ];
  const positions = order.map((step) => steps.indexOf(step));
  if (positions.some((p, i) => p < 0 || p < (positions[i - 1] ?? -1))) {
    violations.push(`the build stage must run, in order: ${order.join(' → ')}`);
  }

  const userInstruction = withKeyword(runtime, 'USER').at(-1);
  const [user = ''] = userInstruction ? argumentsOf(userInstruction) : [];
  if (!/^[1-9]\d*(:[1-9]\d*)?$/.test(user))
    violations.push(`runtime must run as a non-root numeric user, not "${user}"`);
  if (!withKeyword(runtime, 'ENV').flatMap(argumentsOf).includes('NODE_ENV=production')) {
    violations.push('runtime must set NODE_ENV=production');
  }
  const exposed = withKeyword(runtime, 'EXPOSE').flatMap(argumentsOf);
  if (JSON.stringify([...exposed].sort()) !== JSON.stringify([...options.ports].sort())) {
    violations.push(
      `runtime must expose exactly ${options.ports.join(', ') || 'no port'}, exposes ${exposed.join(', ') || 'none'}`,
    );
  }
  const entrypoint = withKeyword(runtime, 'ENTRYPOINT').at(-1)?.getArgumentsContent()?.replace(/\s/g, '');
  if (entrypoint !== '["/nodejs/bin/node","main.mjs"]') {
    violations.push(
      'runtime must start with ENTRYPOINT ["/nodejs/bin/node", "main.mjs"] (a Pod\'s args then reach the app)',
    );
  }
  if (withKeyword(runtime, 'CMD').length > 0)
    violations.push("runtime must have no CMD: Pod args are the app's arguments");
  if (runs(runtime).length > 0) violations.push('runtime must run nothing at build time (it has no shell)');
  const bundle = join(workspaceRoot, 'dist', 'apps', app) + '/';
  const copies = runtimeArtifact(stages);
  if (copies.length !== 1 || copies[0]?.from !== 'build' || copies[0].path !== bundle) {
    violations.push(`runtime must copy only dist/apps/${app}/ from the build stage`);
  }
  return violations;
}
