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
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type {
  AvatarContentType,
  AvatarStore,
  ListedObject,
  PresignedUpload,
  StoredObject,
} from '@platform/users-domain';
import { translateAwsError } from '../aws-errors.js';

const isNotFound = (error: unknown) =>
  (error as Error).name === 'NotFound' ||
  (error as Error).name === 'NoSuchKey' ||
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/** Avatar files in an S3 bucket. */
export class S3AvatarStore implements AvatarStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array, contentType: AvatarContentType): Promise<void> {
    await this.call(() =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ContentLength: body.byteLength,
        }),
      ),
    );
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

  async presignDownload(key: string, expiresInSeconds: number): Promise<string> {
    return this.call(() =>
      getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
        expiresIn: expiresInSeconds,
      }),
    );
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
