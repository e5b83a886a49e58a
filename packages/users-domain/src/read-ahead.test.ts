import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

/** A source that records how many chunks were pulled from it and whether it was let go of. */
function source(chunks: Uint8Array[]) {
  const seen = { pulled: 0, released: false };
  async function* stream() {
    try {
      for (const chunk of chunks) {
        seen.pulled++;
        yield chunk;
      }
    } finally {
      seen.released = true;
    }
  }
  return { seen, stream: stream() };
}

async function all(stream: AsyncIterable<Uint8Array>) {
  const out: number[] = [];
  for await (const chunk of stream) out.push(...chunk);
  return out;
}

describe('readAhead', () => {
  it('reads chunks only until the head is full, and replays them before the rest', async () => {
    const { seen, stream } = source([bytes(1, 2), bytes(3, 4, 5), bytes(6), bytes(7, 8)]);
    const ahead = await readAhead(stream, 4);
    expect([...ahead.head]).toEqual([1, 2, 3, 4]);
    expect(seen.pulled).toBe(2);
    expect(await all(ahead.stream)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(seen.released).toBe(true);
  });

  it('gives a shorter head for a shorter stream, and an empty one for an empty stream', async () => {
    const short = await readAhead(source([bytes(1), bytes(2)]).stream, 12);
    expect([...short.head]).toEqual([1, 2]);
    expect(await all(short.stream)).toEqual([1, 2]);
    const empty = await readAhead(source([]).stream, 12);
    expect(empty.head).toHaveLength(0);
    expect(await all(empty.stream)).toEqual([]);
  });

  it('lets go of the source when closed unread, or when its reader stops early', async () => {
    const unread = source([bytes(1), bytes(2), bytes(3)]);
    await (await readAhead(unread.stream, 1)).close();
    expect(unread.seen).toEqual({ pulled: 1, released: true });

    const stopped = source([bytes(1), bytes(2), bytes(3)]);
    const ahead = await readAhead(stopped.stream, 1);
    for await (const chunk of ahead.stream) if (chunk[0] === 2) break;
    expect(stopped.seen).toEqual({ pulled: 2, released: true });
  });

  it('passes on what the source fails with, while reading ahead or after', async () => {
    const wentAway = new Error('the client went away');
    async function* failing(after: number) {
      for (let i = 0; i < after; i++) yield bytes(i);
      throw wentAway;
    }
    await expect(readAhead(failing(0), 4)).rejects.toBe(wentAway);
    const ahead = await readAhead(failing(2), 1);
    await expect(all(ahead.stream)).rejects.toBe(wentAway);
  });
});
