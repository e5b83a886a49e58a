import { join } from 'node:path';
import { measureAlternating, type Load, type ScenarioResult } from './load.js';
import { freePort, startNode, waitFor200, type BenchProcess } from './processes.js';

/** The listing shards the bench's main API runs with: the charts' default, and the app's (docs/scaling.md). */
export const deployedListingShards = 1;
/** The listing shard counts compared: one partition (the default) and eight (a write-heavy deployment's). */
export const comparedShards = [deployedListingShards, 8] as const;
/**
 * The layout the bench writes its bulk users in: the larger count's, so that every shard of the
 * comparison holds full pages; a process at fewer shards reads the users of its own shards.
 */
export const seededListingShards = Math.max(...comparedShards);

/** The listing's p50 by shard count, from the same table in the same run. */
export interface ListingByShards {
  readonly users: number;
  readonly results: readonly { shards: number; result: ScenarioResult }[];
}

/**
 * `GET /users?limit=20` at each of `comparedShards` listing shards: a fresh bundle for each
 * count (`USERS_LISTING_SHARDS`), both on the table the run filled, measured in alternating rounds
 * so that whatever else the machine does weighs on both. The bulk of the table was written in
 * the 8-shard layout; the one-shard process reads its shard 0 (about an eighth of them, still thousands),
 * and a page costs the same whatever its partition holds (the listing rows by table size show it).
 */
export async function compareListingShards(options: {
  bundleDir: string;
  env: Record<string, string>;
  apiKey: string;
  users: number;
  connections: number;
  seconds: number;
  logsDir: string;
}): Promise<ListingByShards> {
  const servers: { shards: number; proc: BenchProcess; url: string }[] = [];
  try {
    for (const shards of comparedShards) {
      const [port, metricsPort] = [await freePort(), await freePort()];
      const proc = startNode(`api (${shards} listing shards)`, ['main.mjs'], {
        cwd: options.bundleDir,
        env: {
          ...options.env,
          PORT: String(port),
          METRICS_PORT: String(metricsPort),
          USERS_LISTING_SHARDS: String(shards),
        },
        logFile: join(options.logsDir, `api-${shards}-shards.log`),
      });
      const url = `http://127.0.0.1:${port}`;
      await waitFor200(proc, `${url}/readyz`, performance.now());
      servers.push({ shards, proc, url });
    }
    const load = ({ shards, proc, url }: (typeof servers)[number]): Load => ({
      name: `GET /users?limit=20 (${options.users.toLocaleString('en-US')} users, ${shards} shard${shards === 1 ? '' : 's'})`,
      pid: proc.pid,
      url,
      connections: options.connections,
      seconds: options.seconds / 2,
      requests: [{ method: 'GET', path: '/users?limit=20', headers: { 'x-api-key': options.apiKey } }],
    });
    const [one, many] = servers;
    if (!one || !many) throw new Error('the listing shard comparison needs two servers');
    const [oneResult, manyResult] = await measureAlternating(load(one), load(many), 2, 2);
    return {
      users: options.users,
      results: [
        { shards: one.shards, result: oneResult },
        { shards: many.shards, result: manyResult },
      ],
    };
  } finally {
    for (const { proc } of servers) await proc.stop();
  }
}
