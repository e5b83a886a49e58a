import { STATUS_CODES } from 'node:http';

/** The standard reason phrase of an HTTP status, used as a problem's title. */
export function getReasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
