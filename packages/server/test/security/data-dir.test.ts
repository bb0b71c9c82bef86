import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tempDir } from '@podpis/testkit';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer } from '../../src/server.js';

/** What group or others could read, write or enter under `dir`, as `find` sees it. */
function openToOthers(dir: string): string[] {
  return execFileSync('find', [dir, '-perm', '/o=rwx', '-o', '-perm', '/g=rwx'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '');
}

describe('the data dir is owner-only', () => {
  it('an installation left open to others is repaired at start, with one log line; PGlite files included', async () => {
    const dataDir = tempDir('podpis-data-dir-');
    mkdirSync(join(dataDir, 'tls'), { mode: 0o755 });
    chmodSync(join(dataDir, 'tls'), 0o755);
    writeFileSync(join(dataDir, 'notes.txt'), 'left by an older version');
    chmodSync(join(dataDir, 'notes.txt'), 0o666);
    chmodSync(dataDir, 0o755);

    const logs: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logs.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    const { config } = loadConfig(
      { PODPIS_DATA_DIR: dataDir, PODPIS_HOST: '127.0.0.1', PODPIS_PORT: '0', PODPIS_HTTP_PORT: '0' },
      dataDir,
    );
    const server = await startServer(config, logger);
    try {
      expect(openToOthers(dataDir), 'while running').toEqual([]);
    } finally {
      await server.close();
    }
    expect(openToOthers(dataDir), 'after a clean stop').toEqual([]);

    const repairs = logs
      .map((line) => JSON.parse(line) as { msg: string; count?: number; paths?: string[] })
      .filter((record) => record.msg.startsWith('data dir was readable'));
    expect(repairs).toHaveLength(1);
    expect(repairs[0]?.count).toBe(3);
    expect(new Set(repairs[0]?.paths)).toEqual(new Set(['.', 'notes.txt', 'tls']));
  });
});
