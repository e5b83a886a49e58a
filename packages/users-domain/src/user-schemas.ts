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

/** Page size for listing users. */
export const pageLimitSchema = z.coerce.number().int().min(1).max(100).default(20);
