import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, primitiveFieldsLogger } from './logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('the logger', () => {
  it('redacts secrets at the top level and one level down', () => {
    const { lines, logger } = capture();
    logger.info({
      apiKey: 'k1',
      config: { apiKeys: ['k2'], tokenSecrets: ['s'] },
      req: { headers: { 'x-api-key': 'k3' } },
    });
    expect(JSON.stringify(lines)).not.toMatch(/k1|k2|k3|"s"/);
  });

  it('writes a line of primitive fields the same through the access logger as through the full one', () => {
    const { lines, logger } = capture();
    const fields = { requestId: 'r-1', method: 'GET', path: '/healthz', status: 200, durationMs: 0.5, cached: false };
    logger.info(fields, 'request');
    primitiveFieldsLogger(logger).info(fields, 'request');
    const [full, access] = lines.map(({ time: _time, ...line }) => line);
    expect(access).toEqual(full);
    expect(Object.keys(access ?? {})).toEqual(Object.keys(full ?? {}));
  });

  it('still redacts a top-level secret through the access logger', () => {
    const { lines, logger } = capture();
    primitiveFieldsLogger(logger).info({ apiKey: 'k1', tokenSecrets: ['s'] }, 'request');
    expect(lines[0]).toMatchObject({ apiKey: '[redacted]', tokenSecrets: '[redacted]' });
  });
});
