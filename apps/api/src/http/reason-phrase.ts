import { STATUS_CODES } from 'node:http';

/** Where Node's table still has the older names, RFC 9110's. */
const renamedByRfc9110: Readonly<Record<number, string>> = {
  413: 'Content Too Large',
  422: 'Unprocessable Content',
};

/** The standard reason phrase of an HTTP status, used as a problem's title. */
export function getReasonPhrase(status: number): string {
  return renamedByRfc9110[status] ?? STATUS_CODES[status] ?? 'Error';
}
