// The in-memory stand-in for the AvatarStore port. It passes the same contract as S3AvatarStore
// (avatar-store-contract.ts), which packages/aws-adapters runs against the S3 emulator.
import type { AvatarStore } from '../src/index.js';

export class InMemoryAvatarStore implements AvatarStore {
  readonly objects = new Map<string, Uint8Array>();
  readonly modified = new Map<string, Date>();
  failDeletes = false;

  async put(key: string, body: Uint8Array, _type?: string, at = new Date()) {
    this.objects.set(key, body);
    this.modified.set(key, at);
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
  }
  async presignUpload(key: string, file: { contentType: string; size: number }, expiresInSeconds: number) {
    return {
      url: `memory://${key}?size=${file.size}&expires=${expiresInSeconds}`,
      method: 'PUT' as const,
      headers: { 'content-type': file.contentType, 'content-length': String(file.size) },
      expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString(),
    };
  }
  async presignDownload(key: string, expiresInSeconds: number) {
    return `memory://${key}?expires=${expiresInSeconds}`;
  }
}
