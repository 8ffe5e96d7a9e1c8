import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The process logger. Credentials never reach it by construction (we never log headers or
 * upstream bodies); the redaction paths are a second line of defence.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'analytics-gateway' },
      redact: {
        paths: ['*.authorization', '*.Authorization', '*.password', '*.token', '*.apiKey', '*.apiToken', 'headers', '*.headers'],
        censor: '[redacted]',
      },
    },
    destination ?? process.stdout,
  );
}
