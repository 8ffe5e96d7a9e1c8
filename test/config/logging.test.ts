import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { readLoggingConfig } from '../../src/config/loggingConfig.js';

describe('readLoggingConfig', () => {
  it('defaults to pretty only in demo mode on a terminal, JSON otherwise', () => {
    expect(readLoggingConfig({}, { demo: true, stdoutIsTTY: true })).toEqual({ format: 'pretty', colorize: true });
    expect(readLoggingConfig({}, { demo: true, stdoutIsTTY: false }).format).toBe('json');
    expect(readLoggingConfig({}, { demo: false, stdoutIsTTY: true }).format).toBe('json');
    expect(readLoggingConfig({ LOG_FORMAT: '' }, { demo: false, stdoutIsTTY: false }).format).toBe('json');
  });

  it('follows LOG_FORMAT whatever the mode, colouring only on a terminal', () => {
    expect(readLoggingConfig({ LOG_FORMAT: 'pretty' }, { demo: false, stdoutIsTTY: false })).toEqual({ format: 'pretty', colorize: false });
    expect(readLoggingConfig({ LOG_FORMAT: 'pretty' }, { demo: false, stdoutIsTTY: true })).toEqual({ format: 'pretty', colorize: true });
    expect(readLoggingConfig({ LOG_FORMAT: 'json' }, { demo: true, stdoutIsTTY: true })).toEqual({ format: 'json', colorize: false });
    expect(readLoggingConfig({ LOG_FORMAT: ' JSON ' }, { demo: true, stdoutIsTTY: true }).format).toBe('json');
  });

  it('refuses another value, naming the variable and the expected values', () => {
    expect(() => readLoggingConfig({ LOG_FORMAT: 'xml' }, { demo: true })).toThrow('LOG_FORMAT must be pretty or json, but got: "xml"');
  });

  it('is part of the loaded configuration and a known CONFIG_FILE setting', () => {
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logging.format).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logging.format).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'loud' })).toThrow(/LOG_FORMAT must be pretty or json/);
  });
});
