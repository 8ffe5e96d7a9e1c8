import { ConfigError, type Env } from './env.js';

export type LogFormat = 'pretty' | 'json';

export interface LoggingConfig {
  /**
   * LOG_FORMAT: `pretty` (human lines through pino-pretty) or `json` (one JSON object a line).
   * Default: pretty in demo mode when stdout is a terminal, json otherwise (log collectors).
   */
  format: LogFormat;
  /** Colours in pretty lines: only when stdout is a terminal. */
  colorize: boolean;
}

export interface LoggingContext {
  /** No backend is configured (demo data). */
  demo: boolean;
  /** Whether stdout is a terminal (default: the process's own stdout). */
  stdoutIsTTY?: boolean;
}

export const LOGGING_VARIABLES = ['LOG_FORMAT'] as const;

const FORMATS: readonly LogFormat[] = ['pretty', 'json'];

/** The log output settings. */
export function readLoggingConfig(env: Env, { demo, stdoutIsTTY = process.stdout.isTTY === true }: LoggingContext): LoggingConfig {
  const raw = env.LOG_FORMAT?.trim();
  let format: LogFormat;
  if (raw === undefined || raw === '') format = demo && stdoutIsTTY ? 'pretty' : 'json';
  else if ((FORMATS as readonly string[]).includes(raw.toLowerCase())) format = raw.toLowerCase() as LogFormat;
  else throw new ConfigError(`LOG_FORMAT must be pretty or json, but got: ${JSON.stringify(env.LOG_FORMAT)}`);
  return { format, colorize: format === 'pretty' && stdoutIsTTY };
}
