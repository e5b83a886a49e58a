import { describe, expect, it } from 'vitest';
import { streamOf } from '../testing/index.js';
import { imageHeadLength } from './image-check.js';
import { UploadProbe } from './upload-probe.js';

async function drain(stream: AsyncIterable<Uint8Array>) {
  let size = 0;
  for await (const chunk of stream) size += chunk.byteLength;
  return size;
}

const counting = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 7) % 256);

describe('UploadProbe', () => {
  it('passes every byte on and keeps the head, the last 16 bytes and the size, across chunk borders', async () => {
    const bytes = counting(imageHeadLength + 1000);
    const probe = new UploadProbe(bytes.length);
    expect(await drain(probe.watch(streamOf(bytes, 999)))).toBe(bytes.length);
    const sample = probe.sample();
    expect(sample.size).toBe(bytes.length);
    expect(sample.head).toEqual(bytes.subarray(0, imageHeadLength));
    expect(sample.tail).toEqual(bytes.subarray(-16));
  });

  it('keeps a small file whole in its head, and a tail built from one-byte chunks', async () => {
    const bytes = counting(40);
    const probe = new UploadProbe(1000);
    await drain(probe.watch(streamOf(bytes, 1)));
    expect(probe.sample()).toEqual({ head: bytes, tail: bytes.subarray(-16), size: 40 });
  });

  it('fails the stream at the first chunk past the limit, and says so', async () => {
    const probe = new UploadProbe(100);
    await expect(drain(probe.watch(streamOf(counting(101), 50)))).rejects.toThrow('passed 100 bytes');
    expect(probe.exceeded).toBe(true);
    expect(probe.sourceError).toBeUndefined();
  });

  it('records what the source failed with', async () => {
    const cut = new Error('aborted');
    async function* failing() {
      yield counting(3);
      throw cut;
    }
    const probe = new UploadProbe(100);
    await expect(drain(probe.watch(failing()))).rejects.toBe(cut);
    expect(probe.sourceError).toBe(cut);
    expect(probe.exceeded).toBe(false);
  });
});
