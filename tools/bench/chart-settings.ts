import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The process settings an app's chart deploys (its ConfigMap's NODE_OPTIONS and MALLOC_ARENA_MAX),
 * read from the chart's defaults: memory figures are only the pod's when the bundle runs with them.
 */
export function chartProcessSettings(workspaceRoot: string, app: 'api' | 'avatar-sweeper'): Record<string, string> {
  const { config } = parse(readFileSync(join(workspaceRoot, 'deploy', 'charts', app, 'values.yaml'), 'utf8')) as {
    config: { nodeOptions: string; mallocArenaMax: number };
  };
  return { NODE_OPTIONS: config.nodeOptions, MALLOC_ARENA_MAX: String(config.mallocArenaMax) };
}
