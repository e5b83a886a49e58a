import { describe, expect, it } from 'vitest';
import { hmacSigner } from './hmac-signer.js';

const oldSecret = 'o'.repeat(32);
const newSecret = 'n'.repeat(32);

describe('hmacSigner', () => {
  it('accepts its own MAC and refuses an altered message or MAC', () => {
    const signer = hmacSigner([newSecret]);
    const mac = signer.sign('cursor.abc');
    expect(signer.verify('cursor.abc', mac)).toBe(true);
    expect(signer.verify('cursor.abd', mac)).toBe(false);
    expect(signer.verify('cursor.abc', `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(signer.verify('cursor.abc', '')).toBe(false);
  });

  it('signs with the first secret and still accepts MACs made with a later one during a rotation', () => {
    const before = hmacSigner([oldSecret]);
    const during = hmacSigner([newSecret, oldSecret]);
    const tokenFromBefore = before.sign('upload.xyz');

    expect(during.verify('upload.xyz', tokenFromBefore)).toBe(true);
    expect(during.sign('upload.xyz')).toBe(hmacSigner([newSecret]).sign('upload.xyz'));
    expect(before.verify('upload.xyz', during.sign('upload.xyz'))).toBe(false);
  });

  it('refuses MACs of a secret dropped after the rotation', () => {
    const tokenFromBefore = hmacSigner([oldSecret]).sign('upload.xyz');
    expect(hmacSigner([newSecret]).verify('upload.xyz', tokenFromBefore)).toBe(false);
  });
});
