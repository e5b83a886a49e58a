import pino from 'pino';

/** Paths pino blanks out wherever they appear in a log line: credentials never reach the logs. */
export const redactedPaths = [
  'apiKey',
  'apiKeys',
  'tokenSecret',
  '*.apiKey',
  '*.apiKeys',
  '*.tokenSecret',
  'headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  '*.headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers.cookie',
];

/** One JSON line per event, to stdout (or the given stream, for tests). */
export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level,
      base: { service: 'users-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
