import { PGlite, type Transaction } from '@electric-sql/pglite';
import { restrictDataDir } from '../config/data-dir.js';
import type { Db, QueryResult, Queryable, Row } from './db.js';
import { acquireDirectoryLock } from './directory-lock.js';
import { queryFailure } from './errors.js';

function wrap(target: PGlite | Transaction): Queryable {
  return {
    async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      try {
        const result = await target.query<R>(sql, [...params]);
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      } catch (error) {
        throw queryFailure(error, sql, params);
      }
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

const BYTEA = 17;

/**
 * bytea through Node's hex codec. PGlite's own goes byte by byte through
 * strings (`toString(16)`, `parseInt`): about half a microsecond per byte,
 * which made storing a batch's signatures or a document's chunks cost more
 * than signing them.
 */
const BYTEA_TYPE = {
  serializers: {
    [BYTEA]: (value: unknown): string => {
      if (!(value instanceof Uint8Array)) throw new TypeError('a bytea parameter must be a Uint8Array');
      return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
    },
  },
  parsers: {
    [BYTEA]: (text: string): Uint8Array => new Uint8Array(Buffer.from(text.slice(2), 'hex')),
  },
};

function pgliteDb(pg: PGlite, afterClose: () => void = () => undefined): Db {
  return {
    kind: 'pglite',
    ...wrap(pg),
    transaction: (work) => pg.transaction((tx) => work(wrap(tx))),
    // One process owns a PGlite database, so its subscription cannot be lost.
    listen: async (channel, onMessage) => {
      const unsubscribe = await pg.listen(channel, onMessage);
      return () => unsubscribe();
    },
    async close() {
      try {
        await pg.close();
      } finally {
        afterClose();
      }
    },
  };
}

/**
 * Opens (creating if needed) the embedded database in `dir`. PGlite is one
 * process's database: a lock file stops a second server from opening the
 * same directory and corrupting it.
 */
export async function openPglite(dir: string): Promise<Db> {
  restrictDataDir(dir);
  const lock = acquireDirectoryLock(dir);
  try {
    const pg = await PGlite.create(dir, BYTEA_TYPE);
    // PGlite writes its files 0666 (initdb's at creation, pg_internal.init at each open and close),
    // so each is made owner-only once written rather than reported as a fault at the next start.
    restrictDataDir(dir);
    return pgliteDb(pg, () => {
      restrictDataDir(dir);
      lock.release();
    });
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** An in-memory PGlite database, for tests and throwaway runs. */
export async function openPgliteInMemory(): Promise<Db> {
  return pgliteDb(await PGlite.create(BYTEA_TYPE));
}
