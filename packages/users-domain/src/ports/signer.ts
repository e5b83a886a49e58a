/**
 * Makes message authentication codes with a server-side secret (HMAC in production), so that
 * values handed to clients — page cursors, upload tokens — come back unaltered or not at all.
 */
export interface Signer {
  /** A MAC of the message, as base64url text. Deterministic for a given secret. */
  sign(message: string): string;
}
