/**
 * Makes message authentication codes with a server-side secret (HMAC in production), so that
 * values handed to clients — page cursors, upload tokens — come back unaltered or not at all.
 */
export interface Signer {
  /** A MAC of the message with the current secret, as base64url text. Deterministic for a given secret. */
  sign(message: string): string;
  /**
   * Whether `mac` is the message's MAC under the current secret or an older one still accepted, so a
   * secret can be rotated without failing the cursors and upload tokens already handed out.
   */
  verify(message: string, mac: string): boolean;
}
