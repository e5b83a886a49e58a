import type { Signer } from './ports/signer.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function toBase64Url(text: string): string {
  return btoa(String.fromCharCode(...encoder.encode(text)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

function fromBase64Url(encoded: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return undefined;
  try {
    const binary = atob(encoded.replaceAll('-', '+').replaceAll('_', '/'));
    return decoder.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/**
 * A compact `payload.mac` token: the JSON payload in base64url, then its MAC. Opaque to clients and
 * tamper-evident: `open` returns undefined for anything this signer did not seal.
 */
export function createTokenSealer(signer: Signer, purpose: string) {
  return {
    seal(payload: unknown): string {
      const body = toBase64Url(JSON.stringify(payload));
      return `${body}.${signer.sign(`${purpose}.${body}`)}`;
    },
    open(token: string): unknown {
      const [body, mac, ...rest] = token.split('.');
      if (body === undefined || mac === undefined || rest.length > 0) return undefined;
      if (!signer.verify(`${purpose}.${body}`, mac)) return undefined;
      const json = fromBase64Url(body);
      if (json === undefined) return undefined;
      try {
        return JSON.parse(json) as unknown;
      } catch {
        return undefined;
      }
    },
  };
}
