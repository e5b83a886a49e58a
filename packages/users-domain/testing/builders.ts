// Small builders of valid domain values for tests.
import { randomUUID } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { avatarKey, type Avatar, type User } from '../src/index.js';

/** A valid user with a fresh id and email, no avatar, created now unless told otherwise. */
export function aUser(overrides: Partial<User> = {}): User {
  const id = randomUUID();
  return {
    id,
    name: `User ${id.slice(0, 8)}`,
    email: `${id}@example.com`,
    createdAt: new Date().toISOString(),
    avatar: null,
    version: 1,
    ...overrides,
  };
}

/** An avatar record of the user, under a fresh key in the avatar layout. */
export function anAvatar(userId: string, overrides: Partial<Avatar> = {}): Avatar {
  return {
    key: avatarKey(userId, randomUUID()),
    contentType: 'image/png',
    size: 64,
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** One PNG chunk: length, type, data and CRC. */
export function pngChunk(type: string, data: Uint8Array = new Uint8Array()): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  chunk.set(data, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/** An IHDR chunk's data: the dimensions, then bit depth, colour type and the three zero methods. */
const ihdr = (width: number, height: number, bitDepth = 8, colourType = 0) => {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data[8] = bitDepth;
  data[9] = colourType;
  return data;
};

/** The smallest `png()`: signature, IHDR, an empty IDAT and IEND. */
export const pngMinimumSize = 8 + 25 + 12 + 12;

/**
 * A whole PNG of exactly `size` bytes (at least `pngMinimumSize`): a 1×1 grey image whose IDAT is
 * padded to the size. Its structure is sound; its pixel data is never decoded by the service.
 */
export function png(size = 64, dimensions = { width: 1, height: 1 }): Buffer {
  if (size < pngMinimumSize) throw new Error(`a PNG needs at least ${pngMinimumSize} bytes, not ${size}`);
  return Buffer.concat([
    Buffer.from(pngSignature),
    pngChunk('IHDR', ihdr(dimensions.width, dimensions.height)),
    pngChunk('IDAT', new Uint8Array(size - pngMinimumSize)),
    pngChunk('IEND'),
  ]);
}

/** The files an adversarial review uploaded as avatars (issue 15, finding 6), each to be refused. */
export function hostileImages(): Record<string, Uint8Array> {
  const signature = Buffer.from(pngSignature);
  // A real image: 20000×20000 one-bit pixels (400 megapixels) in a valid zlib stream of zeros.
  const bombRows = Buffer.alloc(20_000 * (1 + 2_500));
  const bomb = Buffer.concat([
    signature,
    pngChunk('IHDR', ihdr(20_000, 20_000, 1, 0)),
    pngChunk('IDAT', deflateSync(bombRows, { level: 9 })),
    pngChunk('IEND'),
  ]);
  const html = Buffer.from('<html><script>alert(document.domain)</script></html>');
  return {
    'the 8-byte PNG signature alone': signature,
    'FF D8 FF alone': Buffer.from([0xff, 0xd8, 0xff]),
    'the PNG signature followed by HTML': Buffer.concat([signature, html]),
    'a PNG with a valid header followed by HTML': Buffer.concat([signature, pngChunk('IHDR', ihdr(1, 1)), html]),
    // The classic polyglot: the logical screen width is the bytes "/*", the script ends in ";" (0x3B).
    'a GIF/JS polyglot': Buffer.from('GIF89a/*\x0a\x00\x00\x00\x00*/=alert(document.domain);', 'latin1'),
    'a PNG declaring 100000×100000': png(pngMinimumSize, { width: 100_000, height: 100_000 }),
    'a 20000×20000 PNG bomb': bomb,
    'a PNG cut short (no IEND)': png(200).subarray(0, 150),
    'a JPEG without its end-of-image marker': jpeg().subarray(0, -2),
    'a WebP whose RIFF size disagrees': Buffer.concat([webp(), Buffer.alloc(10)]),
  };
}

/** A whole baseline JPEG frame of `width`×`height` (SOI, APP0 JFIF, SOF0, EOI); its scan is not decoded here. */
export function jpeg(width = 2, height = 2): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 0x08, 0, 0, 0, 0, 0x01, 0x01, 0x11, 0x00]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  const jfif = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), jfif, sof, Buffer.from([0xff, 0xd9])]);
}

/** A whole GIF89a of 1×1: header, global colour table, one image, trailer. */
export function gif(): Buffer {
  return Buffer.from([
    ...Buffer.from('GIF89a', 'latin1'),
    0x01,
    0x00,
    0x01,
    0x00,
    0x80,
    0x00,
    0x00, // screen 1×1, a 2-entry colour table
    0,
    0,
    0,
    0xff,
    0xff,
    0xff,
    0x2c,
    0,
    0,
    0,
    0,
    0x01,
    0x00,
    0x01,
    0x00,
    0x00, // image descriptor
    0x02,
    0x02,
    0x44,
    0x01,
    0x00, // LZW minimum code size, one sub-block, end
    0x3b,
  ]);
}

/** A whole lossless WebP of 1×1 (a RIFF container whose size is the file's). */
export function webp(): Buffer {
  const vp8l = Buffer.from([0x2f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
  const chunk = Buffer.concat([Buffer.from('VP8L', 'latin1'), Buffer.from([vp8l.length, 0, 0, 0]), vp8l]);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(4 + chunk.length, 4);
  riff.write('WEBP', 8, 'latin1');
  return Buffer.concat([riff, chunk]);
}

/** The bytes as a stream of `chunkSize`-byte chunks, as a request body arrives. */
export async function* streamOf(bytes: Uint8Array, chunkSize = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
}
