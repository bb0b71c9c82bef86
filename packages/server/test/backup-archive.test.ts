import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '@podpis/testkit';
import { describe, expect, it } from 'vitest';
import {
  ArchiveWriter,
  readHeader,
  readRecords,
  RECORD_DATA_BYTES,
  SECTION,
  unlockArchive,
  type ArchiveHeader,
} from '../src/cli/backup/archive.js';

const PASSPHRASE = 'archive test passphrase';
const HEADER: Omit<ArchiveHeader, 'encryption'> = {
  format: 'podpis-backup',
  version: 1,
  createdAt: '2026-12-06T12:00:00.000Z',
  podpisVersion: '0.0.0-test',
  database: 'postgresql',
  migration: { version: 31, name: 'hr_import_and_bulk_jobs' },
  masterKeyFingerprint: '0123456789abcdef',
  masterKeySource: 'file',
  pkcs11Keys: 0,
  entries: ['keys'],
};

/** An archive of a small FILES section and a DATABASE section of three records. */
async function write(): Promise<{ path: string; files: Buffer; database: Buffer }> {
  const path = join(tempDir('podpis-archive-'), 'a.backup');
  const files = Buffer.from('files section');
  const database = Buffer.alloc(RECORD_DATA_BYTES * 2 + 1000, 7);
  const handle = await open(path, 'wx');
  // A low scrypt cost: the format is under test here, not the key derivation's price.
  const writer = await ArchiveWriter.start(handle, HEADER, PASSPHRASE, { N: 2 ** 12, r: 8, p: 1 });
  await writer.write(SECTION.FILES, files);
  await writer.write(SECTION.DATABASE, database);
  await writer.finish();
  await handle.close();
  return { path, files, database };
}

/** Reads every section back with `passphrase`. */
async function read(path: string, passphrase = PASSPHRASE): Promise<Map<number, Buffer>> {
  const handle = await open(path, 'r');
  try {
    const { header, aad, recordsAt } = await readHeader(handle, path);
    const key = await unlockArchive(header, passphrase);
    const sections = new Map<number, Buffer>();
    for await (const { section, data } of readRecords(handle, path, key, aad, recordsAt))
      sections.set(section, Buffer.concat([sections.get(section) ?? Buffer.alloc(0), data]));
    return sections;
  } finally {
    await handle.close();
  }
}

let copies = 0;
async function altered(path: string, change: (bytes: Buffer) => Buffer): Promise<string> {
  const copy = `${path}.${++copies}`;
  await writeFile(copy, change(await readFile(path)));
  return copy;
}

describe('the encrypted backup archive: scrypt + AES-256-GCM records, each bound to the header, its place and the end', () => {
  it('gives back each section as written, with the header readable without the passphrase', async () => {
    const { path, files, database } = await write();
    const sections = await read(path);
    expect(sections.get(SECTION.FILES)).toEqual(files);
    expect(sections.get(SECTION.DATABASE)).toEqual(database);
    const handle = await open(path, 'r');
    const { header } = await readHeader(handle, path);
    await handle.close();
    expect(header).toMatchObject({
      ...HEADER,
      encryption: { cipher: 'aes-256-gcm', kdf: { name: 'scrypt' } },
    });
  });

  it('names a wrong passphrase, a cut-off file, a changed byte, a changed header and dropped records', async () => {
    const { path } = await write();
    const size = (await readFile(path)).length;
    const headerEnd = (await readFile(path)).readUInt32BE(8) + 12;
    // The END record is 4 + 1 + 16 bytes: without it the file ends on a record boundary.
    const withoutEnd = await altered(path, (b) => b.subarray(0, size - 21));
    const cutInside = await altered(path, (b) => b.subarray(0, size - 1000));
    const flipped = await altered(path, (b) => {
      b[headerEnd + 5000]! ^= 0x80;
      return b;
    });
    const newerMigration = await altered(path, (b) =>
      Buffer.from(b.toString('latin1').replace('"version":31', '"version":30'), 'latin1'),
    );
    const firstRecord = RECORD_DATA_BYTES + 1 + 20;
    const dropped = await altered(path, (b) =>
      Buffer.concat([
        b.subarray(0, headerEnd + 4 + 14 + 16),
        b.subarray(headerEnd + 4 + 14 + 16 + firstRecord),
      ]),
    );
    await expect(read(path, 'another passphrase')).rejects.toMatchObject({ code: 'BACKUP_PASSPHRASE_WRONG' });
    await expect(read(withoutEnd)).rejects.toMatchObject({ code: 'BACKUP_TRUNCATED' });
    await expect(read(cutInside)).rejects.toMatchObject({ code: 'BACKUP_TRUNCATED' });
    await expect(read(flipped)).rejects.toMatchObject({
      code: 'BACKUP_TAMPERED',
      message: expect.stringContaining('fails its authentication tag') as unknown,
    });
    await expect(read(newerMigration)).rejects.toMatchObject({ code: 'BACKUP_TAMPERED' });
    await expect(read(dropped)).rejects.toMatchObject({ code: 'BACKUP_TAMPERED' });
  });
});
