// The in-memory stand-in for the AvatarStore port. It passes the same contract as S3AvatarStore
// (avatar-store-contract.ts), which packages/aws-adapters runs against the S3 emulator.
import { avatarFileName, type AvatarContentType, type AvatarStore } from '../src/index.js';

export class InMemoryAvatarStore implements AvatarStore {
  readonly objects = new Map<string, Uint8Array>();
  readonly modified = new Map<string, Date>();
  /** The Content-Type each object is served with (none for one `put` without a type, as tests stage them). */
  readonly contentTypes = new Map<string, string>();
  failDeletes = false;
  /** When set, every streamed write awaits it before it reads the stream (a latch for tests). */
  holdStreams: (() => Promise<void>) | undefined;

  async put(key: string, body: Uint8Array, type?: string, at = new Date()) {
    this.objects.set(key, body);
    this.modified.set(key, at);
    if (type) this.contentTypes.set(key, type);
    else this.contentTypes.delete(key);
  }
  async putStream(key: string, body: AsyncIterable<Uint8Array>, contentType: AvatarContentType, size?: number) {
    await this.holdStreams?.();
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk);
    const bytes = new Uint8Array(Buffer.concat(chunks));
    if (size !== undefined && bytes.byteLength !== size)
      throw new Error(`the stream held ${bytes.byteLength} of ${size} bytes`);
    await this.put(key, bytes, contentType);
  }
  async exists(key: string) {
    return this.objects.has(key);
  }
  async deleteMany(keys: readonly string[]) {
    for (const key of keys) await this.delete(key);
    return { failed: [] };
  }
  async list({ prefix, pageSize, after }: { prefix: string; pageSize: number; after?: string }) {
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix) && (!after || k > after)).sort();
    const page = keys.slice(0, pageSize);
    const objects = page.map((key) => ({
      key,
      lastModified: this.modified.get(key)!,
      size: this.objects.get(key)!.length,
    }));
    return keys.length > pageSize ? { objects, next: page.at(-1)! } : { objects };
  }
  async read(key: string, maxBytes: number) {
    const body = this.objects.get(key);
    if (!body) return undefined;
    return body.byteLength > maxBytes ? { size: body.byteLength } : { size: body.byteLength, bytes: body.slice() };
  }
  async delete(key: string) {
    if (this.failDeletes) throw new Error('store refused the delete');
    this.objects.delete(key);
    this.modified.delete(key);
    this.contentTypes.delete(key);
  }
  async presignUpload(key: string, file: { contentType: string; size: number }, expiresInSeconds: number) {
    return {
      url: `memory://${key}?size=${file.size}&expires=${expiresInSeconds}`,
      method: 'PUT' as const,
      headers: { 'content-type': file.contentType, 'content-length': String(file.size) },
      expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString(),
    };
  }
  async presignDownload(key: string, expiresInSeconds: number, contentType: AvatarContentType) {
    const disposition = encodeURIComponent(`inline; filename="${avatarFileName(contentType)}"`);
    return `memory://${key}?expires=${expiresInSeconds}&type=${encodeURIComponent(contentType)}&disposition=${disposition}`;
  }
}
