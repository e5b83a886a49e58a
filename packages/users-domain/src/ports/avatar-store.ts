import type { AvatarContentType } from '../user.js';

/**
 * What the store holds under a key: its size, and its bytes when it is no larger than the caller
 * asked to read (a larger object is reported by its size alone, never read into memory).
 */
export interface StoredObject {
  readonly size: number;
  readonly bytes?: Uint8Array;
}

/** An object as a listing shows it. */
export interface ListedObject {
  readonly key: string;
  readonly lastModified: Date;
  readonly size: number;
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
  /** Stores the bytes, served later as `contentType`, inline, named by `avatarFileName`. */
  put(key: string, body: Uint8Array, contentType: AvatarContentType): Promise<void>;
  /**
   * Stores a file as it streams in, never holding it whole, served as `contentType` like `put`;
   * `size`, when known, is its exact length. When the stream fails, the write fails and leaves no
   * object (a partial multipart upload is aborted).
   */
  putStream(key: string, body: AsyncIterable<Uint8Array>, contentType: AvatarContentType, size?: number): Promise<void>;
  /**
   * The object's size and, when it is at most `maxBytes`, all its bytes (as one read, so size and
   * bytes belong to the same version); undefined if there is no such object.
   */
  read(key: string, maxBytes: number): Promise<StoredObject | undefined>;
  /** Whether an object is stored under the key. */
  exists(key: string): Promise<boolean>;
  /** Removes the object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Removes up to 1,000 objects in one request; the keys that could not be removed come back. */
  deleteMany(keys: readonly string[]): Promise<{ failed: readonly string[] }>;
  /**
   * One page of the objects under a prefix, in key order; `next`, absent on the last page, is
   * opaque: pass it back as `after` to continue the listing.
   */
  list(page: { prefix: string; pageSize: number; after?: string }): Promise<{
    objects: readonly ListedObject[];
    next?: string;
  }>;
  /** A URL that accepts exactly one upload of `size` bytes of `contentType`, until it expires. */
  presignUpload(
    key: string,
    file: { contentType: AvatarContentType; size: number },
    expiresInSeconds: number,
  ): Promise<PresignedUpload>;
  /** A URL that serves the object as `contentType`, inline, named by `avatarFileName`, until it expires. */
  presignDownload(key: string, expiresInSeconds: number, contentType: AvatarContentType): Promise<string>;
}
