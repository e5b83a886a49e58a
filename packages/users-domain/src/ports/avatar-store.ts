import type { AvatarContentType } from '../user.js';

/** What the store holds under a key: its size and its first bytes, enough to judge the file's type. */
export interface StoredObject {
  readonly size: number;
  readonly head: Uint8Array;
}

/** A time-limited URL the client uploads to directly, and the headers it must send with it. */
export interface PresignedUpload {
  readonly url: string;
  readonly method: 'PUT';
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

/**
 * Where avatar files are kept. Keys are made by the domain, never taken from a client.
 * Implementations throw `DependencyUnavailableError` when the store cannot answer.
 */
export interface AvatarStore {
  put(key: string, body: Uint8Array, contentType: AvatarContentType): Promise<void>;
  /** The object's size and first `headBytes` bytes, or undefined if there is no such object. */
  inspect(key: string, headBytes: number): Promise<StoredObject | undefined>;
  /** Removes the object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** A URL that accepts exactly one upload of `size` bytes of `contentType`, until it expires. */
  presignUpload(
    key: string,
    file: { contentType: AvatarContentType; size: number },
    expiresInSeconds: number,
  ): Promise<PresignedUpload>;
  /** A URL that serves the object until it expires. */
  presignDownload(key: string, expiresInSeconds: number): Promise<string>;
}
