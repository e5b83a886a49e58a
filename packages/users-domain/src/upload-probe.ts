import { imageHeadLength, imageTailLength, type ImageSample } from './image-check.js';

/**
 * Watches a streamed file on its way to the store: counts its bytes, keeps its first
 * `imageHeadLength` and last `imageTailLength` bytes for `inspectImage`, and ends the stream with
 * an error as soon as it passes `maxBytes` — so nothing but those few bytes is ever held.
 */
export class UploadProbe {
  private size = 0;
  private readonly head: Uint8Array;
  private headLength = 0;
  private tail = new Uint8Array();
  /** Set once the stream passed `maxBytes`. */
  exceeded = false;
  /** What the source itself failed with (e.g. the client went away), as opposed to the store. */
  sourceError: unknown;

  constructor(private readonly maxBytes: number) {
    this.head = new Uint8Array(Math.min(imageHeadLength, maxBytes));
  }

  /** The source's chunks, passed on as they come. */
  async *watch(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of source) {
        this.size += chunk.byteLength;
        if (this.size > this.maxBytes) {
          this.exceeded = true;
          throw new Error(`the upload passed ${this.maxBytes} bytes`);
        }
        this.keep(chunk);
        yield chunk;
      }
    } catch (error) {
      if (!this.exceeded) this.sourceError = error;
      throw error;
    }
  }

  /** What was seen of the file, once the stream ended. */
  sample(): ImageSample {
    return { head: this.head.subarray(0, this.headLength), tail: this.tail, size: this.size };
  }

  private keep(chunk: Uint8Array) {
    const intoHead = Math.min(chunk.byteLength, this.head.length - this.headLength);
    this.head.set(chunk.subarray(0, intoHead), this.headLength);
    this.headLength += intoHead;
    const joined = new Uint8Array(this.tail.length + Math.min(chunk.byteLength, imageTailLength));
    joined.set(this.tail);
    joined.set(chunk.subarray(Math.max(0, chunk.byteLength - imageTailLength)), this.tail.length);
    this.tail = joined.slice(Math.max(0, joined.length - imageTailLength));
  }
}
