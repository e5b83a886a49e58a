// What a server process's resident memory is made of, from outside: /proc/<pid>/smaps_rollup splits
// it into anonymous memory (V8's heap, malloc's arenas, thread stacks) and file-backed pages (the
// `node` binary); the process's own Prometheus metrics (prom-client's defaults) give V8's heap by
// space and the memory V8 accounts as external (Buffers and other ArrayBuffers). What anonymous
// memory is neither is mostly malloc: Node's and V8's native allocations, sockets' buffers, TLS.
import { readFileSync } from 'node:fs';

export interface MemoryBreakdown {
  readonly rss: number;
  readonly anonymous: number;
  readonly fileBacked: number;
  /** V8's committed heap by space (new, old, code, large_object, …), in bytes. */
  readonly heapSpaces: Readonly<Record<string, number>>;
  readonly heapTotal: number;
  readonly heapUsed: number;
  /** Memory outside V8's heap that V8 knows of: Buffers and other ArrayBuffers. */
  readonly external: number;
  /** Anonymous memory that is neither V8's heap nor external: malloc, native objects, stacks. */
  readonly otherAnonymous: number;
}

/** Resident memory by kind, in bytes, from /proc/<pid>/smaps_rollup (Linux). */
export function residentByKind(pid: number): { rss: number; anonymous: number; fileBacked: number } {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return { rss: kib('Rss'), anonymous: kib('Anonymous'), fileBacked: kib('Rss') - kib('Anonymous') };
}

/** The process's memory now: /proc for what is resident, its metrics endpoint for V8's part of it. */
export async function memoryBreakdown(pid: number, metricsUrl: string): Promise<MemoryBreakdown> {
  const text = await (await fetch(metricsUrl)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
  const heapSpaces = Object.fromEntries(
    [...text.matchAll(/^nodejs_heap_space_size_total_bytes\{space="([^"]+)"\} (\S+)/gm)].map(([, space, bytes]) => [
      space,
      Number(bytes),
    ]),
  );
  const resident = residentByKind(pid);
  const heapTotal = value('nodejs_heap_size_total_bytes');
  const external = value('nodejs_external_memory_bytes');
  return {
    ...resident,
    heapSpaces,
    heapTotal,
    heapUsed: value('nodejs_heap_size_used_bytes'),
    external,
    otherAnonymous: resident.anonymous - heapTotal - external,
  };
}
