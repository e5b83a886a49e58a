/** A stream's first bytes, read before the stream is handed on, and the whole stream again. */
export interface ReadAhead {
  /** At most `length` first bytes: fewer only when the stream held fewer. */
  readonly head: Uint8Array;
  /** Every byte of the stream, those of `head` included, once. */
  readonly stream: AsyncIterable<Uint8Array>;
  /** Lets go of the source when `stream` will not be read (e.g. a file refused by its first bytes). */
  close(): Promise<void>;
}

/**
 * Reads chunks until at least `length` bytes came (or the stream ended), so a file's type can be
 * told before it is stored; the chunks read are replayed first by `stream`. Holds only those chunks.
 */
export async function readAhead(source: AsyncIterable<Uint8Array>, length: number): Promise<ReadAhead> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let read = 0;
  let ended = false;
  while (read < length && !ended) {
    const next = await iterator.next();
    if (next.done) ended = true;
    else {
      chunks.push(next.value);
      read += next.value.byteLength;
    }
  }
  const head = new Uint8Array(Math.min(read, length));
  let at = 0;
  for (const chunk of chunks) {
    if (at >= head.length) break;
    const part = chunk.subarray(0, head.length - at);
    head.set(part, at);
    at += part.byteLength;
  }
  const close = async () => {
    if (!ended) await iterator.return?.();
    ended = true;
  };
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      yield* chunks.splice(0);
      while (!ended) {
        const next = await iterator.next().catch((error: unknown) => {
          ended = true;
          throw error;
        });
        if (next.done) ended = true;
        else yield next.value;
      }
    } finally {
      // A reader that stopped early (or failed) lets go of the source too.
      await close();
    }
  }
  return { head, stream: replay(), close };
}
