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
  /** Absent on items written before versions existed: read as 0. */
  version?: number;
}

/** The item for a user, with the listing index's keys (see UserListingIndex.keysOf). */
export function toUserItem(user: User, listingKeys: Pick<UserItem, 'gsi1pk' | 'gsi1sk'>): UserItem {
  return { pk: userKey(user.id), ...listingKeys, ...user };
}

export function fromUserItem(item: Record<string, unknown>): User {
  const { id, name, email, createdAt, avatar, version } = item as unknown as UserItem;
  return { id, name, email, createdAt, avatar: avatar ?? null, version: version ?? 0 };
}

/**
 * A condition that the user item exists and its version is one of `versions` (an item without the
 * attribute, written before versions existed, has version 0), with the names and values it uses.
 * An empty list never holds.
 */
export function versionCondition(versions: readonly number[]) {
  const listed = versions.length > 0 ? [...new Set(versions)] : [-1];
  const values = Object.fromEntries(listed.map((version, i) => [`:version${i}`, version]));
  const oneOf = `#version IN (${Object.keys(values).join(', ')})`;
  return {
    expression: `attribute_exists(pk) AND (${listed.includes(0) ? `attribute_not_exists(#version) OR ${oneOf}` : oneOf})`,
    names: { '#version': 'version' },
    values,
  };
}

/** The user item exists and, when `expected` is given, holds one of those versions. */
export const userCondition = (expected?: readonly number[]) =>
  expected ? versionCondition(expected) : { expression: 'attribute_exists(pk)', names: {}, values: {} };

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
