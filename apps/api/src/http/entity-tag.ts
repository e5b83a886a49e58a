import type { ExpectedVersions, User } from '@platform/users-domain';
import { HttpProblem } from './problem.js';

/** The user's strong entity tag (RFC 9110 §8.8.3): its version, quoted. Every write changes it. */
export const entityTagOf = (user: Pick<User, 'version'>): string => `"${user.version}"`;

/** The most entity tags one If-Match may list. */
export const maxIfMatchTags = 20;

// One list member (RFC 9110 §5.6.1, §8.8.3): entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, where etagc
// is %x21 / %x23-7E / obs-text. Empty members (`a, , b`) are allowed, as the RFC asks of recipients.
const member = /[ \t,]*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"[ \t]*(?:,|$)/y;
// A version as entityTagOf writes it: no sign, no leading zero, within Number's exact integers.
const versionTag = /^(?:0|[1-9][0-9]{0,14})$/;

function malformed(reason: string): HttpProblem {
  return new HttpProblem(
    400,
    'Bad Request',
    `The If-Match header is not valid: ${reason} Send "*" or the ETag of a previous response, e.g. If-Match: "3".`,
    { code: 'REQUEST.INVALID_IF_MATCH' },
  );
}

/**
 * The versions an `If-Match` header accepts (RFC 9110 §13.1.1): undefined without the header or for
 * `*` (any current user), else the version of each strong tag this API issued. A weak tag never
 * matches (strong comparison), nor does a tag this API never issued: both are left out, so a list
 * of only those matches nothing (412).
 * @throws HttpProblem 400 `REQUEST.INVALID_IF_MATCH` when the header is not `*` or a list of entity tags
 */
export function expectedVersions(header: string | undefined): ExpectedVersions | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return undefined;
  const tags: { weak: boolean; opaque: string }[] = [];
  for (let at = 0; at < value.length; at = member.lastIndex) {
    member.lastIndex = at;
    const match = member.exec(value);
    if (!match) throw malformed('expected a list of quoted entity tags.');
    tags.push({ weak: match[1] !== undefined, opaque: match[2] ?? '' });
  }
  if (tags.length === 0) throw malformed('it is empty.');
  if (tags.length > maxIfMatchTags) throw malformed(`it lists more than ${maxIfMatchTags} entity tags.`);
  return tags.filter((tag) => !tag.weak && versionTag.test(tag.opaque)).map((tag) => Number(tag.opaque));
}
