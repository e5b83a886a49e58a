import type { Avatar, IdempotentCreate, User } from '@platform/users-domain';

/** The partition key of the item that holds a user. */
export const userKey = (id: string) => `USER#${id}`;
/** The partition key of the item that reserves an email for one user. */
export const emailKey = (email: string) => `EMAIL#${email}`;

export interface UserItem {
  pk: string;
  gsi1pk: string;
  gsi1sk: string;
  id: string;
  name: string;
  email: string;
  createdAt: string;
  avatar: Avatar | null;
}

/** The item for a user, with the listing index's keys (see UserListingIndex.keysOf). */
export function toUserItem(user: User, listingKeys: Pick<UserItem, 'gsi1pk' | 'gsi1sk'>): UserItem {
  return { pk: userKey(user.id), ...listingKeys, ...user };
}

export function fromUserItem(item: Record<string, unknown>): User {
  const { id, name, email, createdAt, avatar } = item as unknown as UserItem;
  return { id, name, email, createdAt, avatar: avatar ?? null };
}

/**
 * The partition key of the item that records an idempotency key for one caller. The scope is a
 * hex digest, so the first `#` after it ends it, whatever the key holds.
 */
export const idempotencyItemKey = ({ scope, key }: Pick<IdempotentCreate, 'scope' | 'key'>) =>
  `IDEMPOTENCY#${scope}#${key}`;

/** The attribute DynamoDB's time to live reads: epoch seconds after which the item may be deleted. */
export const expiryAttribute = 'expiresAt';

/** Whole epoch seconds, as DynamoDB's time to live counts them. */
export const epochSeconds = (at: Date | string) => Math.floor(new Date(at).getTime() / 1000);

export interface IdempotencyItem {
  pk: string;
  [expiryAttribute]: number;
  fingerprint: string;
  /** The user the first request created, as it was created: what a retry is answered with. */
  user: User;
}

export function toIdempotencyItem(idempotency: IdempotentCreate, user: User): IdempotencyItem {
  return {
    pk: idempotencyItemKey(idempotency),
    [expiryAttribute]: epochSeconds(idempotency.expiresAt),
    fingerprint: idempotency.fingerprint,
    user,
  };
}
