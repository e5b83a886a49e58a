/**
 * The stable codes of the failures the HTTP layer itself answers (domain failures carry their own:
 * `statusByDomainCode` in error-handler.ts). Clients branch on `code`, never on `title` or `detail`.
 */
export const statusByHttpCode = {
  'AUTH.API_KEY_MISSING': 401,
  'AUTH.API_KEY_INVALID': 401,
  'REQUEST.INVALID': 400,
  'REQUEST.MALFORMED': 400,
  'REQUEST.INVALID_IF_MATCH': 400,
  'REQUEST.NOT_FOUND': 404,
  'REQUEST.METHOD_NOT_ALLOWED': 405,
  'REQUEST.TIMEOUT': 408,
  'REQUEST.BODY_TOO_LARGE': 413,
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 415,
  'REQUEST.HEADERS_TOO_LARGE': 431,
  'REQUEST.CLIENT_CLOSED': 499,
  INTERNAL: 500,
  'AVATAR.UPLOADS_BUSY': 503,
} as const satisfies Record<string, number>;

export type HttpProblemCode = keyof typeof statusByHttpCode;
