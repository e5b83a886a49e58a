/** The stored avatar of a user. `key` is the object's key in the avatar store and never leaves the server. */
export interface Avatar {
  readonly key: string;
  readonly contentType: AvatarContentType;
  readonly size: number;
  readonly updatedAt: string;
}

/** A user of the service. Emails are unique, compared in lower case. */
export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly createdAt: string;
  readonly avatar: Avatar | null;
  /**
   * How many times the user was written: 1 when created, one more for every change (name, email,
   * avatar). A user stored before versions existed reads as 0. The API's ETag is made from it.
   */
  readonly version: number;
}

/**
 * An `If-Match` precondition: the write happens only while the user's version is one of these
 * (never, when the list is empty). Absent: whatever the version.
 */
export type ExpectedVersions = readonly number[];

/** The changes a client may make to a user: its name, its email, or both (already validated and normalised). */
export interface UserChanges {
  readonly name?: string;
  readonly email?: string;
}

/** Where a user stands in the listing order, used to resume a page. */
export interface UserPosition {
  readonly createdAt: string;
  readonly id: string;
}

export const avatarContentTypes = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type AvatarContentType = (typeof avatarContentTypes)[number];

/** The file name an avatar is served under (`Content-Disposition: inline; filename=…`). */
export function avatarFileName(contentType: AvatarContentType): string {
  return `avatar.${contentType === 'image/jpeg' ? 'jpg' : contentType.slice('image/'.length)}`;
}

/**
 * The store key of an avatar object: written only by the server, in the request that then points
 * the record at it (never through a presigned URL). Keys name their user so a background job can
 * reconcile them.
 */
export function avatarKey(userId: string, objectId: string): string {
  return `${avatarKeyPrefix(userId)}${objectId}`;
}

/** The prefix under which every avatar object of the user is stored. */
export function avatarKeyPrefix(userId: string): string {
  return `${avatarsPrefix}${userId}/`;
}

/** The user an avatar key belongs to, or undefined for a key outside the layout. */
export function avatarKeyOwner(key: string): string | undefined {
  return /^avatars\/([^/]+)\/[^/]+$/.exec(key)?.[1];
}

/** Where every avatar object is stored. */
export const avatarsPrefix = 'avatars/';

/** Where direct uploads land, one object per upload grant; never served, never referenced by a record. */
export const stagedUploadsPrefix = 'uploads/';

/** The staging key a presigned upload URL writes to: a replay or a late PUT only ever touches this. */
export function stagedUploadKey(userId: string, uploadId: string): string {
  return `${stagedUploadKeyPrefix(userId)}${uploadId}`;
}

/** The prefix under which every staged upload of the user is stored. */
export function stagedUploadKeyPrefix(userId: string): string {
  return `${stagedUploadsPrefix}${userId}/`;
}
