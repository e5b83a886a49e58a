// The SDK floors (issue 13, item 1): sdk-floor-worker.ts in a process of its own, started the way
// this bench runs (the same Node, the same loader), with the environment of the bench's API process.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startNode } from './processes.js';
import type { FloorInput, FloorResult } from './sdk-floor-worker.js';

export type { FloorResult };

/** Runs every floor loop once; resolves with CPU µs per call for each AWS operation. */
export async function measureSdkFloors(options: {
  env: Record<string, string>;
  logsDir: string;
  input: FloorInput;
}): Promise<FloorResult[]> {
  const inputPath = join(options.logsDir, 'sdk-floors-input.json');
  const outPath = join(options.logsDir, 'sdk-floors.json');
  await writeFile(inputPath, JSON.stringify(options.input));
  const worker = startNode(
    'sdk floors',
    [...process.execArgv, join(import.meta.dirname, 'sdk-floor-worker.ts'), outPath, inputPath],
    { cwd: import.meta.dirname, env: options.env, logFile: join(options.logsDir, 'sdk-floors.log') },
  );
  const code = await worker.exited;
  if (code !== 0) throw new Error(`the SDK floor process exited with ${code} (log: ${worker.logFile})`);
  const { results } = JSON.parse(await readFile(outPath, 'utf8')) as { results: FloorResult[] };
  return results;
}
