import { z } from 'zod';
import { avatarContentTypes } from './user.js';

/** A user id: a lower-case UUID, as the service generates them. */
export const userIdSchema = z.uuid().toLowerCase();

/** The input for creating a user: name trimmed to 1–100 characters, email validated and lower-cased. */
export const newUserSchema = z.object({
  name: z.string().trim().min(1).max(100),
  email: z.string().trim().toLowerCase().max(254).check(z.email()),
});
export type NewUser = z.infer<typeof newUserSchema>;

export const avatarContentTypeSchema = z.enum(avatarContentTypes);

const pageLimitRule = 'must be given once, as a whole number from 1 to 100 in decimal digits';

/** Page size for listing users, as a query string gives it: decimal digits only (no `0x10`, no `1e2`). */
export const pageLimitSchema = z
  .string({ error: pageLimitRule })
  .regex(/^[0-9]{1,3}$/, pageLimitRule)
  .transform(Number)
  .pipe(z.number().min(1, pageLimitRule).max(100, pageLimitRule))
  .prefault('20');
