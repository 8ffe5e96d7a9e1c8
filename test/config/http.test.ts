import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { readHttpConfig } from '../../src/config/httpConfig.js';

describe('readHttpConfig', () => {
  it('leaves CSRF prevention off by default', () => {
    expect(readHttpConfig({})).toEqual({ csrfPrevention: false });
    expect(readHttpConfig({ CSRF_PREVENTION: '' })).toEqual({ csrfPrevention: false });
  });

  it('reads CSRF_PREVENTION on/off', () => {
    expect(readHttpConfig({ CSRF_PREVENTION: 'on' }).csrfPrevention).toBe(true);
    expect(readHttpConfig({ CSRF_PREVENTION: 'true' }).csrfPrevention).toBe(true);
    expect(readHttpConfig({ CSRF_PREVENTION: 'off' }).csrfPrevention).toBe(false);
  });

  it('refuses another value, naming the variable', () => {
    expect(() => readHttpConfig({ CSRF_PREVENTION: 'sometimes' })).toThrow('CSRF_PREVENTION must be true or false, but got: "sometimes"');
  });

  it('is part of the loaded configuration, also from CONFIG_FILE keys', () => {
    expect(loadConfig({ CSRF_PREVENTION: 'on' }).http.csrfPrevention).toBe(true);
    expect(loadConfig({}).http.csrfPrevention).toBe(false);
    const file = join(mkdtempSync(join(tmpdir(), 'gw-http-')), 'config.json');
    writeFileSync(file, JSON.stringify({ CSRF_PREVENTION: true }));
    expect(loadConfig({ CONFIG_FILE: file }).http.csrfPrevention).toBe(true);
  });
});
