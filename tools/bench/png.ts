import { crc32, deflateSync } from 'node:zlib';

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** The same pseudo-random bytes on every run, so the file (and what it costs to store) never changes. */
function noise(length: number, seed = 0x9e3779b9): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/**
 * A valid PNG of exactly `size` bytes: an RGB image of incompressible pixels, padded to the size
 * with a text chunk. Real image bytes, so the API's type detection and storage see what a user
 * would send.
 */
export function pngOfSize(size: number): Buffer {
  const width = 64;
  const rowBytes = 1 + width * 3;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const fixed = (idat: Buffer) =>
    signature.length + chunk('IHDR', ihdr).length + idat.length + chunk('IEND', Buffer.alloc(0)).length;

  // As many rows as fit with room for the padding chunk's 12-byte frame and its keyword.
  let height = Math.floor((size - 200) / rowBytes);
  let idat: Buffer;
  for (;;) {
    ihdr.writeUInt32BE(height, 4);
    const raw = noise(rowBytes * height);
    for (let row = 0; row < height; row++) raw[row * rowBytes] = 0; // filter type: none
    idat = chunk('IDAT', deflateSync(raw));
    if (fixed(idat) + 12 + 'Comment'.length + 1 <= size) break;
    height--;
  }
  const padding = size - fixed(idat) - 12;
  const text = Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.alloc(padding - 8, 0x20)]);
  const png = Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('tEXt', text),
    idat,
    chunk('IEND', Buffer.alloc(0)),
  ]);
  if (png.length !== size) throw new Error(`built a PNG of ${png.length} bytes, not ${size}`);
  return png;
}
