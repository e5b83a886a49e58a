import { z } from 'zod';
import { avatarContentTypes } from './user.js';

/** A user id: a lower-case UUID, as the service generates them. */
export const userIdSchema = z.uuid().toLowerCase();

const controlCharacter = /\p{Cc}/u;
// Embeddings, overrides and isolates: they reorder how the text around them is shown.
const bidiControl = /[\u202A-\u202E\u2066-\u2069]/;
const visibleCharacter = /[^\p{Cf}\p{Z}\s]/u;

/**
 * A person's name: NFC-normalised (one spelling of each accented letter), trimmed, 1–100 characters,
 * with something visible in it, and no control characters (NUL, escape sequences, line breaks) or
 * bidirectional overrides, which would make it display as something else.
 */
const nameSchema = z
  .string()
  .trim()
  .normalize('NFC')
  .min(1)
  .max(100)
  .refine((name) => !controlCharacter.test(name), 'must not contain control characters such as line breaks or NUL')
  .refine((name) => !bidiControl.test(name), 'must not contain bidirectional formatting characters')
  // An empty name already failed min(1): one message per problem.
  .refine((name) => name === '' || visibleCharacter.test(name), 'must contain a visible character');

/**
 * An email address, checked as sent and only then lower-cased: a character that lower-cases into ASCII
 * (the Kelvin sign K → k) is refused rather than made to collide with another address.
 */
export const emailSchema = z.string().trim().max(254).check(z.email()).toLowerCase();

/** The input for creating a user. */
export const newUserSchema = z.object({ name: nameSchema, email: emailSchema });
export type NewUser = z.infer<typeof newUserSchema>;

/**
 * A JSON merge patch (RFC 7396) of a user: `name`, `email` or both, validated and normalised as on
 * create. No other member is taken, and neither may be null (a merge patch's "remove"): both are
 * required. An empty patch passes here; `updateUser` refuses it with its own error.
 */
export const userPatchSchema = z.strictObject({
  name: nameSchema.optional(),
  email: emailSchema.optional(),
});
export type UserPatch = z.infer<typeof userPatchSchema>;

export const avatarContentTypeSchema = z.enum(avatarContentTypes);

const pageLimitRule = 'must be given once, as a whole number from 1 to 100 in decimal digits';

/** Page size for listing users, as a query string gives it: decimal digits only (no `0x10`, no `1e2`). */
export const pageLimitSchema = z
  .string({ error: pageLimitRule })
  .regex(/^[0-9]{1,3}$/, pageLimitRule)
  .transform(Number)
  .pipe(z.number().min(1, pageLimitRule).max(100, pageLimitRule))
  .prefault('20');
