import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { createLogger, logDestination, logFormatFor } from '../../src/logger.js';

function capture(): { out: Writable; text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { out, text: () => chunks.join('') };
}

describe('log format: readable on a terminal, JSON otherwise', () => {
  it('PODPIS_LOG_FORMAT forces json or pretty; unset, a terminal gets pretty and a pipe JSON', () => {
    expect(logFormatFor(undefined, true)).toBe('pretty');
    expect(logFormatFor(undefined, false)).toBe('json');
    const forced = (value: string) => loadConfig({ PODPIS_LOG_FORMAT: value }, '/tmp').config.logFormat;
    expect(logFormatFor(forced('json'), true)).toBe('json');
    expect(logFormatFor(forced('PRETTY'), false)).toBe('pretty');
    expect(loadConfig({}, '/tmp').config.logFormat).toBeUndefined();
    expect(() => forced('xml')).toThrow(ConfigError);
  });

  it('a pretty line is readable text, redacted like the JSON one', () => {
    const { out, text } = capture();
    createLogger('info', logDestination('pretty', out)).info(
      { password: 'hunter2-secret', serial: '01AB' },
      'certificate issued',
    );
    expect(text()).toMatch(/INFO.*certificate issued/);
    expect(text()).toContain('serial: "01AB"');
    expect(text()).not.toContain('hunter2-secret');
    expect(text()).not.toContain('{"level"');
  });
});
