// Summarises a V8 CPU profile (`node --cpu-prof`) of the production bundle: self time by package
// and by function. The bundle is one file, so each sample is mapped back to its source file with
// the bundle's source map (main.mjs.map, Node's own SourceMap class); `(program)`, `(garbage
// collector)` and Node's internals keep their own names.
//
//   node --import tsx tools/bench/cpu-profile-summary.ts <file.cpuprofile> [<bundle dir>] [--top 25]
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' } },
});
const [profilePath, bundleDir] = positionals;
if (!profilePath) throw new Error('usage: cpu-profile-summary.ts <file.cpuprofile> [<bundle dir>] [--top N]');
const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as Profile;
const sourceMap = bundleDir
  ? new SourceMap(JSON.parse(readFileSync(join(bundleDir, 'main.mjs.map'), 'utf8')))
  : undefined;

/** Where a frame's code comes from: a package name, `app:<file>`, `node:<module>`, or V8's own bucket. */
function origin(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return frame.functionName || '(anonymous)';
  if (frame.url.startsWith('node:')) return frame.url;
  if (frame.url.endsWith('main.mjs') && sourceMap) {
    const entry = sourceMap.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string };
    const source = entry.originalSource ?? '';
    const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(source);
    if (pkg) return pkg[1] as string;
    const app = /((?:apps|packages)\/.*)$/.exec(source);
    return app ? `app:${app[1]}` : source || 'main.mjs';
  }
  return frame.url;
}

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

const byOrigin = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const frame = (byId.get(id) as ProfileNode).callFrame;
  const where = origin(frame);
  byOrigin.set(where, (byOrigin.get(where) ?? 0) + micros);
  const fn = `${frame.functionName || '(anonymous)'} [${where}]`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
}
const top = Number(values.top);
const print = (title: string, table: Map<string, number>) => {
  console.log(`\n${title} (self time, % of ${(total / 1e6).toFixed(1)} s sampled)`);
  for (const [name, micros] of [...table].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((micros / total) * 100).toFixed(1).padStart(6)}%  ${name}`);
};
print('By package / origin', byOrigin);
print('By function', byFunction);
