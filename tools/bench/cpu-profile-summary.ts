// Summarises a V8 CPU profile (`node --cpu-prof`) of the production bundle: self time by package
// and by function. The bundle is one file, so each sample is mapped back to its source file with
// the bundle's source map (main.mjs.map, Node's own SourceMap class); `(program)`, `(garbage
// collector)` and Node's internals keep their own names.
//
// "By side" attributes each sample to its nearest caller that is the AWS SDK or Node's HTTP client
// (the work a bare SDK call does too: what the bench's floors measure) or the server side (Node's
// HTTP server, Hono, zod, pino, prom-client, the app's own code), so that a path's CPU above its
// floor can be located; samples with neither on their stack (microtasks, timers) are shown apart.
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

/** The side a frame's code is on, or undefined for code both use (streams, events, crypto, sockets). */
function side(where: string): 'AWS SDK and HTTP client' | 'server side' | undefined {
  if (/^(@aws-sdk|@smithy|@aws-crypto)\/|^(fast-xml-parser|strnum|bowser)$|^node:_http_(client|agent)$/.test(where))
    return 'AWS SDK and HTTP client';
  if (
    /^(node:_http_server|hono|@hono\/.*|zod|@asteasolutions\/.*|pino|pino-std-serializers|fast-redact|sonic-boom|prom-client|image-size)$|^app:/.test(
      where,
    )
  )
    return 'server side';
  return undefined;
}
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const bySide = new Map<string, number>();
const serverSide = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const own = origin((byId.get(id) as ProfileNode).callFrame);
  let label: string | undefined = ['(idle)', '(garbage collector)', '(program)'].includes(own) ? own : undefined;
  for (let at: number | undefined = id; !label && at !== undefined; at = parentOf.get(at))
    label = side(origin((byId.get(at) as ProfileNode).callFrame));
  label ??= 'neither on the stack (microtasks, timers, sockets)';
  bySide.set(label, (bySide.get(label) ?? 0) + micros);
  if (label === 'server side') serverSide.set(own, (serverSide.get(own) ?? 0) + micros);
}
print('By side (each sample to its nearest caller on one side)', bySide);
print('The server side by where the time is spent', serverSide);
