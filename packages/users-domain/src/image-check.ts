import { imageSize } from 'image-size';
import { ImageTooLargeError, UnsupportedAvatarTypeError } from './errors.js';
import { detectImageType } from './image-type.js';
import type { AvatarContentType } from './user.js';

/** How many leading bytes of a file `inspectImage` reads: enough for any header an avatar has. */
export const imageHeadLength = 128 * 1024;
/** How many trailing bytes of a file `inspectImage` reads. */
export const imageTailLength = 16;
/** The default cap on an avatar's pixel count (width × height): 40 megapixels. */
export const defaultAvatarMaxPixels = 40_000_000;

/** What `inspectImage` sees of a file: its first and last bytes and its size (the whole file fits in `head`). */
export interface ImageSample {
  readonly head: Uint8Array;
  readonly tail: Uint8Array;
  readonly size: number;
}

/** An image whose type, dimensions and ends were checked. */
export interface VerifiedImage {
  readonly contentType: AvatarContentType;
  readonly width: number;
  readonly height: number;
}

const libraryType: Record<AvatarContentType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};
const pngEnd = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

const endsWith = (bytes: Uint8Array, ending: readonly number[]) =>
  bytes.length >= ending.length && ending.every((byte, i) => bytes[bytes.length - ending.length + i] === byte);
const fourCc = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
const uint32 = (bytes: Uint8Array, at: number, littleEndian = false) =>
  new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, littleEndian);

/**
 * PNG: IHDR first, then chunks with four-letter types, IDAT among them and IEND last — walked as far
 * as the head reaches (all of a file that fits in it).
 */
function pngProblem(sample: ImageSample): string | undefined {
  const { head, size } = sample;
  const whole = head.length === size;
  let at = 8;
  let sawData = false;
  for (let index = 0; at + 8 <= head.length; index++) {
    const length = uint32(head, at);
    const type = fourCc(head, at + 4);
    if (!/^[A-Za-z]{4}$/.test(type)) return `chunk ${index} has no valid type`;
    if (index === 0 && type !== 'IHDR') return 'it does not start with IHDR';
    sawData ||= type === 'IDAT';
    at += 12 + length;
    if (type === 'IEND') return at === size ? (sawData ? undefined : 'it holds no image data') : 'bytes follow IEND';
  }
  if (whole && at !== size) return 'its last chunk is cut short';
  return endsWith(sample.tail, pngEnd) ? undefined : 'it does not end with IEND';
}

/** GIF: the blocks after the header (extensions, images) walked as far as the head reaches, and the 0x3B trailer last. */
function gifProblem(sample: ImageSample): string | undefined {
  const { head, size } = sample;
  const skipTable = (flags: number) => ((flags & 0x80) !== 0 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  // Sub-blocks: a length byte then that many bytes, until a zero length. Returns undefined past the head.
  const skipSubBlocks = (from: number) => {
    let at = from;
    while (at < head.length && head[at] !== 0) at += 1 + (head[at] ?? 0);
    return at < head.length ? at + 1 : undefined;
  };
  let at = 13 + skipTable(head[10] ?? 0);
  let sawImage = false;
  while (at < head.length) {
    const block = head[at];
    if (block === 0x3b) {
      if (at + 1 !== size) return 'bytes follow its trailer';
      return sawImage ? undefined : 'it holds no image';
    }
    let next: number | undefined;
    if (block === 0x21) next = skipSubBlocks(at + 2);
    else if (block === 0x2c) {
      sawImage = true;
      next = skipSubBlocks(at + 10 + skipTable(head[at + 9] ?? 0) + 1);
    } else return `an unknown block 0x${(block ?? 0).toString(16)} follows at byte ${at}`;
    if (next === undefined) break;
    at = next;
  }
  if (head.length === size) return 'its last block is cut short';
  return sample.tail.at(-1) === 0x3b ? undefined : 'it does not end with the trailer';
}

/** JPEG: the end-of-image marker last. */
const jpegProblem = (sample: ImageSample) =>
  endsWith(sample.tail, [0xff, 0xd9]) ? undefined : 'it does not end with the end-of-image marker';

/** WebP: the RIFF container's declared size is the file's size. */
const webpProblem = (sample: ImageSample) =>
  sample.head.length >= 8 && uint32(sample.head, 4, true) + 8 === sample.size
    ? undefined
    : 'its RIFF size is not the file size';

const wholenessProblem: Record<AvatarContentType, (sample: ImageSample) => string | undefined> = {
  'image/png': pngProblem,
  'image/jpeg': jpegProblem,
  'image/gif': gifProblem,
  'image/webp': webpProblem,
};

/**
 * Checks a file is a whole PNG, JPEG, GIF or WebP image of at most `maxPixels` pixels: the type by
 * its magic bytes, the dimensions by parsing its header (image-size), and that it is not cut short
 * or followed by something else (see each format's check above). Pixels are never decoded.
 * @throws UnsupportedAvatarTypeError, ImageTooLargeError
 */
export function inspectImage(sample: ImageSample, maxPixels: number): VerifiedImage {
  const contentType = detectImageType(sample.head);
  if (!contentType) throw new UnsupportedAvatarTypeError();
  const name = contentType.slice('image/'.length).toUpperCase();
  let dimensions;
  try {
    dimensions = imageSize(sample.head);
  } catch {
    throw new UnsupportedAvatarTypeError(`The file starts like a ${name} image but its header cannot be read.`);
  }
  const { width, height } = dimensions;
  if (dimensions.type !== libraryType[contentType] || !(width > 0) || !(height > 0)) {
    throw new UnsupportedAvatarTypeError(`The file starts like a ${name} image but its header cannot be read.`);
  }
  if (width * height > maxPixels) throw new ImageTooLargeError(width, height, maxPixels);
  const problem = wholenessProblem[contentType](sample);
  if (problem) throw new UnsupportedAvatarTypeError(`The file is not a whole ${name} image: ${problem}.`);
  return { contentType, width, height };
}

/** The sample of a file held whole in memory. */
export const wholeFileSample = (bytes: Uint8Array): ImageSample => ({
  head: bytes,
  tail: bytes.subarray(Math.max(0, bytes.length - imageTailLength)),
  size: bytes.length,
});
