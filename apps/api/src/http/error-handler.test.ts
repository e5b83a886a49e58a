import * as domain from '@platform/users-domain';
import { describe, expect, it } from 'vitest';
import { statusByDomainCode } from './error-handler.js';

type DomainErrorClass = new (arg: string) => domain.DomainError;

const domainErrorClasses = (Object.values(domain) as unknown[]).filter(
  (value): value is DomainErrorClass => typeof value === 'function' && value.prototype instanceof domain.DomainError,
);

describe('the domain error → HTTP status table', () => {
  it('finds the domain errors to check', () => {
    expect(domainErrorClasses.length).toBeGreaterThanOrEqual(9);
  });

  it('maps every domain error code to a client error, or to 503 for an unavailable dependency', () => {
    for (const ErrorClass of domainErrorClasses) {
      const { code } = new ErrorClass('x');
      const status = statusByDomainCode[code];
      expect(status, code).toBeDefined();
      expect(status === 503 || (status !== undefined && status >= 400 && status < 500), code).toBe(true);
    }
  });

  it('has no entry for a code no error carries', () => {
    const codes = domainErrorClasses.map((ErrorClass) => new ErrorClass('x').code);
    expect(Object.keys(statusByDomainCode).sort()).toEqual(codes.sort());
  });
});
