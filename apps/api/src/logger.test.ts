import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { createLogger, isoTimeEachMillisecond, primitiveFieldsLogger } from './logger.js';

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

  it("stamps each line with pino's ISO time, formatted once per millisecond", () => {
    for (let i = 0; i < 1_000; i++) {
      const before = Date.now();
      const stamp = isoTimeEachMillisecond();
      const after = Date.now();
      const expected = [before, after].map((ms) => `,"time":"${new Date(ms).toISOString()}"`);
      expect(expected).toContain(stamp);
    }
    expect(isoTimeEachMillisecond()).toMatch(/^,"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"$/);
    expect(isoTimeEachMillisecond().length).toBe(pino.stdTimeFunctions.isoTime().length);
  });

  it('writes a time that parses as the moment of the line', () => {
    const { lines, logger } = capture();
    const before = Date.now();
    logger.info('now');
    const time = Date.parse(String(lines[0]?.time));
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });
});
