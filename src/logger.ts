import { pino, type DestinationStream, type Logger } from 'pino';
import type { LoggingConfig } from './config/loggingConfig.js';

export type { Logger };

/**
 * Human lines on stdout: pino-pretty runs in pino's transport worker thread, so it is loaded
 * only in pretty mode and never formats on the request path.
 */
function prettyStdout(colorize: boolean): DestinationStream {
  return pino.transport({
    target: 'pino-pretty',
    options: { destination: 1, colorize, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' },
  });
}

/**
 * The process logger. Credentials never reach it by construction (we never log headers or
 * upstream bodies); the redaction paths are a second line of defence. JSON lines unless
 * `output.format` is pretty (stdout only: a given destination always gets JSON).
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream, output?: LoggingConfig): Logger {
  return pino(
    {
      level,
      base: { service: 'analytics-gateway' },
      redact: {
        paths: ['*.authorization', '*.Authorization', '*.password', '*.token', '*.apiKey', '*.apiToken', 'headers', '*.headers'],
        censor: '[redacted]',
      },
    },
    destination ?? (output?.format === 'pretty' ? prettyStdout(output.colorize) : process.stdout),
  );
}
