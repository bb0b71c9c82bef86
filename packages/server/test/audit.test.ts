import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildName, generateSoftwareKey, issueCertificate, OID } from '@podpis/pki';
import { AsnConvert } from '@peculiar/asn1-schema';
import { appendAudit, auditLaneWaits, recordHash } from '../src/audit/audit-log.js';
import { signAuditCheckpoint } from '../src/audit/checkpoint.js';
import { verifyAuditLog } from '../src/ca/audit-signer.js';
import { storeCertificate } from '../src/ca/authorities.js';
import type { Db } from '../src/db/db.js';
import { migrate, readMigrations } from '../src/db/migrate.js';
import { backends, migratedDatabases } from './support/backends.js';

type AuditKey = {
  signer: Awaited<ReturnType<typeof generateSoftwareKey>>['signer'];
  certificate: Uint8Array;
};

const GOST = { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' } as const;

/** A key with a self-signed certificate: nobody's CA vouches for it. */
async function foreignKey(commonName = 'Ключ журнала аудита'): Promise<AuditKey> {
  const { signer } = await generateSoftwareKey(GOST);
  const name = buildName([{ type: OID.commonName, value: commonName }]);
  const certificate = await issueCertificate(
    {
      serialNumber: Uint8Array.from([7]),
      subject: name,
      issuer: name,
      notBefore: new Date('2026-01-01'),
      notAfter: new Date('2036-01-01'),
      publicKeyInfo: signer.publicKeyInfo,
      extensions: { keyUsage: ['digitalSignature'] },
    },
    signer,
  );
  return { signer, certificate };
}

/**
 * The installation's audit key: a root CA of ours (a row in
 * certificate_authorities) and a certificate it issued for purpose
 * `audit` (or `purpose`, to play a CA-issued certificate of another kind).
 */
const ourRoots = new WeakMap<Db, Promise<AuditKey>>();

/** The installation's root CA: a row in certificate_authorities, made once per database. */
function ourRoot(db: Db): Promise<AuditKey> {
  let root = ourRoots.get(db);
  if (!root) {
    root = (async () => {
      const { signer } = await generateSoftwareKey(GOST);
      const name = buildName([{ type: OID.commonName, value: 'Корневой УЦ' }]);
      const certificate = await issueCertificate(
        {
          serialNumber: Uint8Array.from([1]),
          subject: name,
          issuer: name,
          notBefore: new Date('2025-01-01'),
          notAfter: new Date('2040-01-01'),
          publicKeyInfo: signer.publicKeyInfo,
          extensions: { basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'] },
        },
        signer,
      );
      await db.query(
        `INSERT INTO certificate_authorities (id, hierarchy, role, parent_id, key_id, certificate, subject)
         VALUES ('root', 'gost', 'root', NULL, $1, $2, 'CN=Корневой УЦ')`,
        [randomUUID(), certificate],
      );
      return { signer, certificate };
    })();
    ourRoots.set(db, root);
  }
  return root;
}

/**
 * The installation's audit key: a certificate our root CA issued for
 * purpose `audit` (or `purpose`, to play a CA-issued certificate of another kind).
 */
async function auditKey(
  db: Db,
  purpose: 'audit' | 'qualified' = 'audit',
  // A database migrated only part way cannot store today's certificate rows: the caller stores it later.
  store = true,
): Promise<AuditKey> {
  const root = await ourRoot(db);
  const { signer } = await generateSoftwareKey(GOST);
  const certificate = await issueCertificate(
    {
      serialNumber: randomBytes(8).fill(0x11, 0, 1),
      subject: buildName([{ type: OID.commonName, value: 'Audit log signer' }]),
      issuer: buildName([{ type: OID.commonName, value: 'Корневой УЦ' }]),
      notBefore: new Date('2026-01-01'),
      notAfter: new Date('2036-01-01'),
      publicKeyInfo: signer.publicKeyInfo,
      extensions: { keyUsage: ['digitalSignature', 'nonRepudiation'] },
    },
    root.signer,
  );
  if (store) await storeAuditCertificate(db, certificate, purpose);
  return { signer, certificate };
}

async function storeAuditCertificate(
  db: Db,
  certificate: Uint8Array,
  purpose: 'audit' | 'qualified' = 'audit',
): Promise<void> {
  await storeCertificate(db, {
    der: certificate,
    caId: 'root',
    purpose,
    profile: purpose === 'audit' ? 'audit-signer' : 'qualified-person',
    createdBy: 'test',
  });
}

/** Tampering needs to get past the append-only trigger, as a database administrator could. */
async function tamper(db: Db, sql: string, params: unknown[] = []): Promise<void> {
  await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  await db.query(sql, params);
  await db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
}

describe.each(backends)('audit log on $name', (backend) => {
  const freshDb = migratedDatabases(backend);

  async function writeRecords(db: Db, count: number): Promise<void> {
    for (let i = 1; i <= count; i++) {
      await db.transaction((tx) =>
        appendAudit(tx, {
          actor: 'operator:42',
          action: 'user.create',
          target: `user:${i}`,
          details: { login: `ivanov${i}`, roles: ['user'], fields: { surname: 'Иванов', z: 1, a: true } },
          requestId: `req-${i}`,
        }),
      );
    }
  }

  it('chains records written in transactions; a rolled-back change leaves no record', async () => {
    const db = await freshDb();
    await writeRecords(db, 5);
    await expect(
      db.transaction(async (tx) => {
        await appendAudit(tx, {
          actor: 'operator:42',
          action: 'certificate.revoke',
          target: 'certificate:01',
        });
        throw new Error('revocation failed');
      }),
    ).rejects.toThrow('revocation failed');
    const result = await verifyAuditLog(db);
    expect(result).toMatchObject({ ok: true, checked: 5 });
    const { rows } = await db.query<{ seq: string | number }>('SELECT seq FROM audit_log ORDER BY seq');
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
  });

  it('chains concurrent writers, each in a lane of its own, without gaps', async () => {
    const db = await freshDb();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.transaction((tx) => appendAudit(tx, { actor: `user:${i}`, action: 'session.login' })),
      ),
    );
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 12 });
  });

  it('refuses UPDATE and DELETE through the application', async () => {
    const db = await freshDb();
    await writeRecords(db, 1);
    await expect(db.query("UPDATE audit_log SET actor = 'x'")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });

  it('reports the first altered record', async () => {
    const db = await freshDb();
    await writeRecords(db, 6);
    await tamper(db, `UPDATE audit_log SET details = '{"login":"petrov3"}' WHERE seq = 3`);
    expect(await verifyAuditLog(db)).toMatchObject({
      ok: false,
      problem: 'ALTERED',
      firstBadSeq: 3,
      checked: 2,
    });
  });

  it('reports deleted records', async () => {
    const db = await freshDb();
    await writeRecords(db, 6);
    await tamper(db, 'DELETE FROM audit_log WHERE seq IN (3, 4)');
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, problem: 'DELETED', firstBadSeq: 5 });
  });

  it('reports a record replaced by a forged one with a correct hash of its own', async () => {
    const db = await freshDb();
    await writeRecords(db, 5);
    const { rows } = await db.query<{ at: Date; prev_hash: Uint8Array }>(
      'SELECT at, prev_hash FROM audit_log WHERE seq = 3',
    );
    const prevHash = new Uint8Array(rows[0]!.prev_hash);
    const forged = {
      seq: 3,
      at: rows[0]!.at,
      actor: 'admin:1',
      action: 'user.delete',
      target: 'user:3',
      details: {},
      requestId: null,
    };
    await tamper(
      db,
      `UPDATE audit_log SET actor = $1, action = $2, details = '{}', request_id = NULL, hash = $3 WHERE seq = 3`,
      [forged.actor, forged.action, recordHash(prevHash, forged)],
    );
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, problem: 'INSERTED', firstBadSeq: 4 });
  });

  it('reports a removed tail through the head and through a signed checkpoint', async () => {
    const db = await freshDb();
    const key = await auditKey(db);
    await writeRecords(db, 4);
    await signAuditCheckpoint(db, key.signer, key.certificate);
    await tamper(db, 'DELETE FROM audit_log WHERE seq = 4');
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, problem: 'TRUNCATED', firstBadSeq: 4 });
    // An attacker who also moves the head back is still caught by the checkpoint.
    const { rows } = await db.query<{ hash: Uint8Array }>('SELECT hash FROM audit_log WHERE seq = 3');
    await db.query('UPDATE audit_lanes SET lane_seq = 3, seq = 3, hash = $1 WHERE lane = 0', [rows[0]!.hash]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, problem: 'TRUNCATED' });
  });

  it('detects a chain rewritten from scratch through the signed checkpoint, and a forged checkpoint signature', async () => {
    const db = await freshDb();
    const key = await auditKey(db);
    await writeRecords(db, 3);
    const checkpoint = await signAuditCheckpoint(db, key.signer, key.certificate);
    expect(checkpoint?.seq).toBe(3);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 3 });

    // Rewrite record 2 and recompute every hash after it, head included.
    await tamper(db, `UPDATE audit_log SET target = 'user:999' WHERE seq = 2`);
    const { rows } = await db.query<{
      seq: string | number;
      at: Date;
      actor: string;
      action: string;
      target: string | null;
      details: Record<string, never>;
      request_id: string | null;
    }>('SELECT seq, at, actor, action, target, details, request_id FROM audit_log ORDER BY seq');
    let prev: Uint8Array = new Uint8Array(32);
    for (const row of rows) {
      const hash = recordHash(prev, {
        seq: Number(row.seq),
        at: row.at,
        actor: row.actor,
        action: row.action,
        target: row.target,
        details: row.details,
        requestId: row.request_id,
      });
      await tamper(db, 'UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3', [
        prev,
        hash,
        Number(row.seq),
      ]);
      prev = hash;
    }
    await db.query('UPDATE audit_lanes SET hash = $1 WHERE lane = 0', [prev]);
    expect(await verifyAuditLog(db)).toMatchObject({
      ok: false,
      problem: 'CHECKPOINT_MISMATCH',
      firstBadSeq: 3,
    });

    await db.query('UPDATE audit_checkpoints SET hash = $1, signature = $2', [
      prev,
      new Uint8Array(64).fill(1),
    ]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, problem: 'CHECKPOINT_SIGNATURE_INVALID' });
  });

  it('a checkpoint signed by a key our CA did not certify for the audit log fails, naming the checkpoint', async () => {
    const db = await freshDb();
    await writeRecords(db, 2);
    const genuine = await auditKey(db);
    await signAuditCheckpoint(db, genuine.signer, genuine.certificate, new Date('2026-11-28T12:00:00Z'));
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });

    // Someone with write access to the database signs a checkpoint with a key and certificate of their own.
    await writeRecords(db, 1);
    const forged = await foreignKey('Audit log signer');
    await signAuditCheckpoint(db, forged.signer, forged.certificate, new Date('2026-11-28T13:00:00Z'));
    const result = await verifyAuditLog(db);
    expect(result).toMatchObject({ ok: false, problem: 'CHECKPOINT_SIGNER_UNTRUSTED', firstBadSeq: 3 });
    expect(result.message).toMatch(
      /^checkpoint 3 is signed by "CN=Audit log signer", not the installation's audit certificate: our CA did not issue it/,
    );

    // A certificate our CA did issue, but for another purpose (a user's signing key).
    await db.query('DELETE FROM audit_checkpoints WHERE seq = 3');
    const users = await auditKey(db, 'qualified');
    await signAuditCheckpoint(db, users.signer, users.certificate, new Date('2026-11-28T13:00:00Z'));
    const otherPurpose = await verifyAuditLog(db);
    expect(otherPurpose).toMatchObject({ ok: false, problem: 'CHECKPOINT_SIGNER_UNTRUSTED', firstBadSeq: 3 });
    expect(otherPurpose.message).toContain('"qualified" certificate');

    // The audit certificate, but the checkpoint claims a time before the certificate existed.
    await db.query('DELETE FROM audit_checkpoints WHERE seq = 3');
    const early = await auditKey(db);
    await signAuditCheckpoint(db, early.signer, early.certificate, new Date('2025-06-01T00:00:00Z'));
    const tooEarly = await verifyAuditLog(db);
    expect(tooEarly).toMatchObject({ ok: false, problem: 'CHECKPOINT_SIGNER_UNTRUSTED', firstBadSeq: 3 });
    expect(tooEarly.message).toContain('was not valid at 2025-06-01');
  });

  it('a log written before the lanes migrates into lane 0 and still verifies with its old checkpoint', async () => {
    const db = await backend.openEmpty();
    try {
      const all = readMigrations();
      const lanes = all.findIndex((migration) => migration.name === 'audit_lanes');
      await migrate(db, all.slice(0, lanes));
      // Three records and a checkpoint as the single-head chain wrote them.
      let prev: Uint8Array = new Uint8Array(32);
      for (let seq = 1; seq <= 3; seq++) {
        const record = {
          seq,
          at: new Date(`2026-11-0${seq}T10:00:00.000Z`),
          actor: 'operator:1',
          action: 'user.create',
          target: `user:${seq}`,
          details: { login: `old${seq}` },
          requestId: null,
        };
        const hash = recordHash(prev, record);
        await db.query(
          `INSERT INTO audit_log (seq, at, actor, action, target, details, request_id, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8)`,
          [
            seq,
            record.at,
            record.actor,
            record.action,
            record.target,
            JSON.stringify(record.details),
            prev,
            hash,
          ],
        );
        await db.query('UPDATE audit_head SET seq = $1, hash = $2', [seq, hash]);
        prev = hash;
      }
      const key = await auditKey(db, 'audit', false);
      const message = Buffer.concat([Buffer.from('podpis-audit-checkpoint:3:'), prev]);
      await db.query(
        `INSERT INTO audit_checkpoints (seq, hash, signed_at, signature, signature_algorithm, signer_certificate)
         VALUES (3, $1, $2, $3, $4, $5)`,
        [
          prev,
          new Date(),
          await key.signer.sign(new Uint8Array(message)),
          Buffer.from(AsnConvert.serialize(key.signer.signatureAlgorithm)).toString('base64'),
          key.certificate,
        ],
      );

      await migrate(db);
      await storeAuditCertificate(db, key.certificate);
      expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 3 });
      await db.transaction((tx) => appendAudit(tx, { actor: 'system', action: 'session.login' }));
      const { rows } = await db.query<{ seq: string | number; lane: number; lane_seq: string | number }>(
        'SELECT seq, lane, lane_seq FROM audit_log ORDER BY seq',
      );
      expect(rows.map((row) => [Number(row.seq), row.lane, Number(row.lane_seq)])).toEqual([
        [1, 0, 1],
        [2, 0, 2],
        [3, 0, 3],
        [4, 0, 4],
      ]);
      expect(await signAuditCheckpoint(db, key.signer, key.certificate)).toMatchObject({ seq: 4 });
      expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 4 });

      // The old checkpoint still guards the old records.
      await tamper(db, `UPDATE audit_log SET details = '{"login":"x"}' WHERE seq = 2`);
      expect(await verifyAuditLog(db)).toMatchObject({ ok: false, problem: 'ALTERED', firstBadSeq: 2 });
    } finally {
      await db.close();
    }
  });
});

describe('audit lanes on PostgreSQL', () => {
  const freshDb = migratedDatabases(backends.find((backend) => backend.name === 'postgres')!);

  it('8 connections appending at once do not wait for one another, and the log verifies', async () => {
    const db = await freshDb();
    const waitsBefore = auditLaneWaits.count;
    const connections = 8;
    const perConnection = 10;
    const holdMs = 50;
    let blocked = 0;
    const watching = { sampling: true };
    // Another connection watches for any row lock waited on while the writers run:
    // a lane head held by another transaction shows as a wait on its transaction id
    // or on the tuple. Waits to extend a table's file ('extend') are the storage's
    // own and brief; they show up when the machine is busy and say nothing of lanes.
    const watcher = (async () => {
      while (watching.sampling) {
        // Only this test's database: other test files share the PostgreSQL server.
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'
             AND wait_event IN ('transactionid', 'tuple')`,
        );
        blocked = Math.max(blocked, rows[0]!.n);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: connections - 1 }, async (_, c) => {
        for (let i = 0; i < perConnection; i++) {
          await db.transaction(async (tx) => {
            await appendAudit(tx, { actor: `user:${c}`, action: 'session.login', target: `t:${i}` });
            // The transaction goes on after its record, as a real state change does.
            await tx.query(`SELECT pg_sleep(${holdMs / 1000})`);
            await appendAudit(tx, { actor: `user:${c}`, action: 'session.logout', target: `t:${i}` });
          });
        }
      }),
    );
    const elapsed = performance.now() - started;
    watching.sampling = false;
    await watcher;
    // One head row would serialise them: at least 7 × 10 × 50 ms = 3.5 s.
    expect(elapsed).toBeLessThan(((connections - 1) * perConnection * holdMs) / 2);
    expect(blocked).toBe(0);
    expect(auditLaneWaits.count).toBe(waitsBefore);
    const { rows } = await db.query<{ lanes: number }>(
      'SELECT count(DISTINCT lane)::int AS lanes FROM audit_log',
    );
    expect(rows[0]!.lanes).toBeGreaterThan(1);
    // Both records of a transaction are in its lane, one after the other.
    const split = await db.query(
      `SELECT 1 FROM audit_log a JOIN audit_log b ON a.actor = b.actor AND a.target = b.target
       WHERE a.action = 'session.login' AND b.action = 'session.logout'
         AND (a.lane <> b.lane OR b.lane_seq <> a.lane_seq + 1)`,
    );
    expect(split.rows).toEqual([]);
    expect(await verifyAuditLog(db)).toMatchObject({
      ok: true,
      checked: (connections - 1) * perConnection * 2,
    });
  });

  it('an edited, deleted or cut-off record in a lane not yet checkpointed is detected', async () => {
    const db = await freshDb();
    const key = await auditKey(db);
    await db.transaction((tx) =>
      appendAudit(tx, { actor: 'system', action: 'session.login', target: 't:0' }),
    );
    await signAuditCheckpoint(db, key.signer, key.certificate);
    // A transaction holding lane 0 sends the others to lane 1.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = db.transaction(async (tx) => {
      await appendAudit(tx, { actor: 'system', action: 'session.login', target: 't:held' });
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (let i = 1; i <= 4; i++)
      await db.transaction((tx) =>
        appendAudit(tx, { actor: 'user:1', action: 'session.login', target: `t:${i}` }),
      );
    release();
    await holder;
    const lane1 = await db.query<{ seq: string }>(
      'SELECT seq FROM audit_log WHERE lane = 1 ORDER BY lane_seq',
    );
    expect(lane1.rows).toHaveLength(4);
    const [first, second, , last] = lane1.rows.map((row) => Number(row.seq));
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 6 });

    await tamper(db, `UPDATE audit_log SET target = 't:x' WHERE seq = $1`, [first]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, problem: 'ALTERED', firstBadSeq: first });
    await tamper(db, `UPDATE audit_log SET target = 't:1' WHERE seq = $1`, [first]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });

    await tamper(db, 'DELETE FROM audit_log WHERE seq = $1', [last]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, problem: 'TRUNCATED', firstBadSeq: last });
    await tamper(db, 'DELETE FROM audit_log WHERE seq = $1', [second]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, problem: 'DELETED' });
  });
});

describe('podpis audit verify', () => {
  it('exits 0 on an intact log and 1, naming the record, on a tampered one', async () => {
    const { tempDir } = await import('@podpis/testkit');
    const { runCli } = await import('./support/cli.js');
    const { openPglite } = await import('../src/db/pglite.js');
    const dataDir = tempDir('podpis-data-');
    const db = await openPglite(`${dataDir}/pglite`);
    await migrate(db);
    for (let i = 0; i < 3; i++)
      await db.transaction((tx) =>
        appendAudit(tx, { actor: 'system', action: 'session.login', target: `t:${i}` }),
      );
    await db.close();

    const intact = await runCli(['audit', 'verify'], { PODPIS_DATA_DIR: dataDir });
    expect(intact).toMatchObject({ code: 0, stdout: 'OK: 3 audit records and their checkpoints verified\n' });

    const again = await openPglite(`${dataDir}/pglite`);
    await again.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await again.query("UPDATE audit_log SET target = 't:x' WHERE seq = 2");
    await again.close();
    const broken = await runCli(['audit', 'verify', '--json'], { PODPIS_DATA_DIR: dataDir });
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, problem: 'ALTERED', firstBadSeq: 2 });
  });
});
