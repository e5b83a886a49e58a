// The sweeper as its image runs it: exactly what the Dockerfile's runtime stage copies (read from
// the Dockerfile) from dist/apps/avatar-sweeper — built once by the `avatar-sweeper:build` task this
// project's tests depend on — copied to a folder outside the workspace, with no node_modules above
// it, and run with plain `node`, as the CronJob runs it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { dockerfileOf, readStages, runtimeArtifact } from '@platform/dockerfiles';

export type LogLine = Record<string, unknown>;

/** A run of the bundle that has been started: its process, and its log lines as they come. */
export interface StartedRun {
  readonly child: ReturnType<typeof spawn>;
  readonly lines: LogLine[];
  /** The first log line `matches` accepts, as soon as it is written; rejects if the run ends first. */
  lineWhere(matches: (line: LogLine) => boolean): Promise<LogLine>;
  readonly done: Promise<FinishedRun>;
}

export interface FinishedRun {
  readonly code: number | null;
  readonly lines: LogLine[];
  readonly stderr: string;
}

/** Copies the image's files to a fresh folder; `remove()` deletes it. */
export async function copySweeperBundle() {
  const artifacts = runtimeArtifact(readStages({ path: dockerfileOf('avatar-sweeper') }));
  const missing = artifacts.filter(({ path }) => !existsSync(path)).map(({ path }) => path);
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} missing: run \`pnpm nx run avatar-sweeper:build\` (avatar-sweeper:test depends on it)`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'avatar-sweeper-image-'));
  for (const { path } of artifacts) await cp(path, dir, { recursive: true });

  return {
    /** Starts `node main.mjs` with only the given variables (and PATH and HOME). */
    start(args: readonly string[], env: Record<string, string>): StartedRun {
      const child = spawn(process.execPath, ['main.mjs', ...args], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: LogLine[] = [];
      const watchers = new Set<(line: LogLine) => void>();
      createInterface({ input: child.stdout }).on('line', (text) => {
        const line = JSON.parse(text) as LogLine;
        lines.push(line);
        for (const watch of watchers) watch(line);
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const done = new Promise<FinishedRun>((resolve) =>
        child.once('close', (code) => resolve({ code, lines, stderr })),
      );
      const lineWhere = (matches: (line: LogLine) => boolean) =>
        new Promise<LogLine>((resolve, reject) => {
          const seen = lines.find(matches);
          if (seen) return resolve(seen);
          const watch = (line: LogLine) => {
            if (matches(line)) resolve(line);
          };
          watchers.add(watch);
          void done.then(({ code }) => reject(new Error(`the run ended (exit ${code}) before the awaited log line`)));
        });
      return { child, lines, lineWhere, done };
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
