import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  avatarFileName,
  type AvatarContentType,
  type AvatarStore,
  type ListedObject,
  type PresignedUpload,
  type StoredObject,
} from '@platform/users-domain';
import { translateAwsError } from '../aws-errors.js';

const isNotFound = (error: unknown) =>
  (error as Error).name === 'NotFound' ||
  (error as Error).name === 'NoSuchKey' ||
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/** How an avatar is served: its verified type, shown inline under a fixed name. */
const servedAs = (contentType: AvatarContentType) => ({
  ContentType: contentType,
  ContentDisposition: `inline; filename="${avatarFileName(contentType)}"`,
});

/** The smallest part S3 accepts (but for the last): a stream of unknown length is held one part at a time. */
export const streamPartBytes = 5 * 1024 * 1024;

/**
 * Avatar files in an S3 bucket. A streamed PutObject goes at the pace of the client sending the
 * body, so it gets `streamRequestTimeoutMs` (the API passes its own REQUEST_TIMEOUT_MS) instead of
 * the client's AWS request time-out, which is meant for calls S3 alone answers.
 */
export class S3AvatarStore implements AvatarStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly streamRequestTimeoutMs = 60_000,
  ) {}

  async put(key: string, body: Uint8Array, contentType: AvatarContentType): Promise<void> {
    await this.call(() =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentLength: body.byteLength,
          ...servedAs(contentType),
        }),
      ),
    );
  }

  /**
   * A stream of known length goes out as one PutObject, read as it is sent; one of unknown length
   * as a multipart upload of `streamPartBytes` parts, one at a time, aborted if the stream fails.
   * Either way the object is written served as `contentType`: there is no copy afterwards.
   */
  async putStream(
    key: string,
    body: AsyncIterable<Uint8Array>,
    contentType: AvatarContentType,
    size?: number,
  ): Promise<void> {
    const stream = Readable.from(body, { objectMode: false });
    // A failing stream ends the request at once (and is reported as itself), instead of a time-out.
    const aborted = new AbortController();
    let streamError: unknown;
    stream.once('error', (error) => {
      streamError = error;
      aborted.abort(error);
    });
    const params = { Bucket: this.bucket, Key: key, Body: stream, ...servedAs(contentType) };
    try {
      if (size !== undefined) {
        await this.client.send(new PutObjectCommand({ ...params, ContentLength: size }), {
          abortSignal: aborted.signal,
          requestTimeout: this.streamRequestTimeoutMs,
        });
      } else {
        const upload = new Upload({
          client: this.client,
          params,
          partSize: streamPartBytes,
          queueSize: 1,
          leavePartsOnError: false,
          abortController: aborted,
        });
        await upload.done();
      }
    } catch (error) {
      // S3 keeps nothing of a PutObject cut short (the emulator may keep the part it received).
      throw streamError ?? translateAwsError(error, 'S3');
    } finally {
      stream.destroy();
    }
  }

  async read(key: string, maxBytes: number): Promise<StoredObject | undefined> {
    try {
      // One GET: its length says whether to read on, and the bytes belong to the version it sized.
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const size = object.ContentLength ?? 0;
      if (size > maxBytes) {
        // Not read into memory: the connection is dropped instead of drained.
        (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
        return { size };
      }
      const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      return { size: bytes.byteLength, bytes };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateAwsError(error, 'S3');
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw translateAwsError(error, 'S3');
    }
  }

  async deleteMany(keys: readonly string[]): Promise<{ failed: readonly string[] }> {
    if (keys.length === 0) return { failed: [] };
    const { Errors = [] } = await this.call(() =>
      this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
        }),
      ),
    );
    return { failed: Errors.flatMap((error) => (error.Key ? [error.Key] : [])) };
  }

  async list(page: { prefix: string; pageSize: number; after?: string }) {
    const { Contents = [], NextContinuationToken } = await this.call(() =>
      this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: page.prefix,
          MaxKeys: page.pageSize,
          ...(page.after && { ContinuationToken: page.after }),
        }),
      ),
    );
    const objects: ListedObject[] = Contents.flatMap((object) =>
      object.Key && object.LastModified
        ? [{ key: object.Key, lastModified: object.LastModified, size: object.Size ?? 0 }]
        : [],
    );
    return NextContinuationToken ? { objects, next: NextContinuationToken } : { objects };
  }

  async delete(key: string): Promise<void> {
    await this.call(() => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  async presignUpload(
    key: string,
    file: { contentType: AvatarContentType; size: number },
    expiresInSeconds: number,
  ): Promise<PresignedUpload> {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: file.contentType,
      ContentLength: file.size,
    });
    // Signing both headers binds the URL to this type and this exact size: S3 refuses anything else.
    const url = await this.call(() =>
      getSignedUrl(this.client, command, {
        expiresIn: expiresInSeconds,
        signableHeaders: new Set(['content-type', 'content-length']),
      }),
    );
    return {
      url,
      method: 'PUT',
      headers: { 'content-type': file.contentType, 'content-length': String(file.size) },
      expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString(),
    };
  }

  /**
   * The URL overrides the response's type and disposition too, so even an object stored before
   * they were set is served as what was verified. S3 cannot add `X-Content-Type-Options`.
   */
  async presignDownload(key: string, expiresInSeconds: number, contentType: AvatarContentType): Promise<string> {
    const { ContentType, ContentDisposition } = servedAs(contentType);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentType: ContentType,
      ResponseContentDisposition: ContentDisposition,
    });
    return this.call(() => getSignedUrl(this.client, command, { expiresIn: expiresInSeconds }));
  }

  /** Answers when the bucket can be reached, for readiness. */
  async ping(): Promise<void> {
    await this.call(() => this.client.send(new HeadBucketCommand({ Bucket: this.bucket })));
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw translateAwsError(error, 'S3');
    }
  }
}
