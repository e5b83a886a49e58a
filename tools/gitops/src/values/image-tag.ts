import { readScalar, setScalars } from './values-scalars.ts';

const tagPath = ['image', 'tag'] as const;

/** The value of image.tag in a values file ('' when it is empty). */
export function readImageTag(text: string, file: string): string {
  return readScalar(text, tagPath, file);
}

/** Sets image.tag, single-quoted, changing no other byte of the file. */
export function setImageTag(text: string, tag: string, file: string): string {
  return setScalars(text, new Map([[tagPath, tag]]), file);
}
