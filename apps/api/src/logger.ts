import pino from 'pino';

/** Paths pino blanks out wherever they appear in a log line: credentials never reach the logs. */
export const redactedPaths = [
  'apiKey',
  'apiKeys',
  'tokenSecrets',
  '*.apiKey',
  '*.apiKeys',
  '*.tokenSecrets',
  'headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  '*.headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers.cookie',
];

const censor = '[redacted]';

let lastMillis = NaN;
let lastTime = '';

/**
 * pino's `isoTime` (`,"time":"2026-12-02T04:00:00.000Z"`), formatted once per millisecond: at
 * thousands of lines a second, `new Date().toISOString()` for every line was 1% of the API's CPU
 * under `/healthz` load (docs/benchmarks.md, issue 13). The same text, to the millisecond.
 */
export function isoTimeEachMillisecond(): string {
  const now = Date.now();
  if (now !== lastMillis) {
    lastMillis = now;
    lastTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastTime;
}

/**
 * One JSON line per event, to stdout (or the given stream, for tests), written synchronously: an
 * asynchronous destination cost more CPU per line, not less (docs/benchmarks.md, issue 13).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level,
      base: { service: 'users-api' },
      timestamp: isoTimeEachMillisecond,
      redact: { paths: redactedPaths, censor },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/**
 * A child of `logger` for lines whose fields are all strings, numbers or booleans, such as the
 * access line written for every request. A wildcard path (`*.apiKey`) can only match inside a
 * field that is an object, so such lines lose nothing without them; but pino runs the wildcard
 * redactor over every field of every line, primitives included: 6 of the 48 µs of CPU that a
 * `/healthz` request cost (docs/benchmarks.md). Top-level paths stay.
 */
export function primitiveFieldsLogger(logger: pino.Logger): pino.Logger {
  return logger.child({}, { redact: { paths: redactedPaths.filter((path) => !path.startsWith('*')), censor } });
}
