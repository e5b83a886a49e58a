import { describe, expect, it } from 'vitest';
import { gif, hostileImages, jpeg, png, webp } from '../testing/index.js';
import { ImageTooLargeError, UnsupportedAvatarTypeError } from './errors.js';
import { defaultAvatarMaxPixels, imageHeadLength, inspectImage, wholeFileSample } from './image-check.js';

const inspect = (bytes: Uint8Array, maxPixels = defaultAvatarMaxPixels) =>
  inspectImage(wholeFileSample(bytes), maxPixels);

describe('inspectImage', () => {
  it.each([
    ['a PNG', png(100, { width: 3, height: 2 }), { contentType: 'image/png', width: 3, height: 2 }],
    ['a JPEG', jpeg(4, 5), { contentType: 'image/jpeg', width: 4, height: 5 }],
    ['a GIF', gif(), { contentType: 'image/gif', width: 1, height: 1 }],
    ['a WebP', webp(), { contentType: 'image/webp', width: 1, height: 1 }],
  ])('accepts %s whole, with its dimensions', (_, bytes, verified) => {
    expect(inspect(bytes)).toEqual(verified);
  });

  it.each(Object.entries(hostileImages()))('refuses %s', (_, bytes) => {
    expect(() => inspect(bytes)).toThrow(expect.objectContaining({ code: expect.stringMatching(/^AVATAR\./) }));
  });

  it('says why a file that starts like an image is refused', () => {
    const hostile = hostileImages();
    expect(() => inspect(hostile['the PNG signature followed by HTML']!)).toThrow(
      /PNG image but its header cannot be read/,
    );
    expect(() => inspect(hostile['a GIF/JS polyglot']!)).toThrow(/not a whole GIF image: an unknown block 0x2a/);
    expect(() => inspect(hostile['a PNG cut short (no IEND)']!)).toThrow(
      /not a whole PNG image: its last chunk is cut short/,
    );
    expect(() => inspect(hostile['a JPEG without its end-of-image marker']!)).toThrow(/end-of-image marker/);
    expect(() => inspect(hostile['a WebP whose RIFF size disagrees']!)).toThrow(/RIFF size/);
    expect(() => inspect(hostile['a 20000×20000 PNG bomb']!)).toThrow(ImageTooLargeError);
    expect(() => inspect(hostile['a 20000×20000 PNG bomb']!)).toThrow('20000×20000 pixels');
  });

  it('refuses bytes after the end of a whole image (a polyglot appended to a real PNG or GIF)', () => {
    const script = new TextEncoder().encode('alert(1)');
    expect(() => inspect(Buffer.concat([png(64), script]))).toThrow(/bytes follow IEND/);
    expect(() => inspect(Buffer.concat([gif(), script]))).toThrow(UnsupportedAvatarTypeError);
  });

  it('takes the pixel cap it is given: at the cap is fine, one more pixel is not', () => {
    expect(inspect(png(64, { width: 10, height: 10 }), 100)).toMatchObject({ width: 10, height: 10 });
    expect(() => inspect(png(64, { width: 10, height: 11 }), 100)).toThrow(ImageTooLargeError);
  });

  it('judges a file larger than its head by the head and the tail', () => {
    const large = png(imageHeadLength * 3);
    const sample = { head: large.subarray(0, imageHeadLength), tail: large.subarray(-16), size: large.length };
    expect(inspectImage(sample, defaultAvatarMaxPixels)).toMatchObject({ contentType: 'image/png' });
    const cut = { ...sample, tail: large.subarray(-20, -4) };
    expect(() => inspectImage(cut, defaultAvatarMaxPixels)).toThrow(/does not end with IEND/);
  });
});
