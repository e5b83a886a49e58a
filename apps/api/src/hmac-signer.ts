import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Signer } from '@platform/users-domain';

/**
 * HMAC-SHA256 over TOKEN_SECRET's list: signs with the first secret, accepts a MAC made with any of
 * them. Rotation puts a new secret first and keeps the old one until the cursors and upload tokens it
 * signed have expired.
 */
export function hmacSigner(secrets: readonly [string, ...string[]]): Signer {
  const macOf = (secret: string, message: string) => createHmac('sha256', secret).update(message).digest();
  return {
    sign: (message) => macOf(secrets[0], message).toString('base64url'),
    verify(message, mac) {
      const given = Buffer.from(mac, 'base64url');
      // Every secret is tried, so the time taken does not tell which one matched.
      return secrets
        .map((secret) => macOf(secret, message))
        .reduce(
          (matched, expected) => (given.length === expected.length && timingSafeEqual(given, expected)) || matched,
          false,
        );
    },
  };
}
