import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCrl } from '@podpis/pki';
import { latestCrl, revokeCertificate } from '../src/ca/certificates.js';
import { CRL_PUBLICATION, enqueueCrlPublication } from '../src/ca/crl-effects.js';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { OutboxJob } from '../src/jobs/outbox-job.js';
import { carryOutEffects, enqueueEffect, type ClaimedEffect } from '../src/outbox/outbox.js';
import { issueIvanov, setUpTestAuthorities } from './support/authority.js';
import { backends } from './support/backends.js';

const quiet = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const opened: Db[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

async function open(backend: (typeof backends)[number]): Promise<Db> {
  const db = await backend.open();
  opened.push(db);
  return db;
}

async function outboxRows(
  db: Db,
): Promise<{ kind: string; subject: string; attempts: number; last_error: string | null }[]> {
  const { rows } = await db.query<{
    kind: string;
    subject: string;
    attempts: number;
    last_error: string | null;
  }>('SELECT kind, subject, attempts, last_error FROM outbox ORDER BY id');
  return rows;
}

describe.each(backends)('the outbox on $name', (backend) => {
  it('a revocation writes its CRL publication with the change, and it is carried out before the caller hears back', async () => {
    const db = await open(backend);
    const { ctx, cas } = await setUpTestAuthorities(db);
    const issued = await issueIvanov(ctx, cas);
    const before = await latestCrl(db, cas.issuing.id);

    await revokeCertificate(ctx, issued.serial, { actor: 'operator:1', reason: 'keyCompromise' });

    const after = await latestCrl(db, cas.issuing.id);
    expect(after?.number).toBeGreaterThan(before?.number ?? 0n);
    expect(parseCrl(after!.der).isRevoked(issued.serial)).toBe(true);
    // The CRL is done; the webhook events (issued, revoked) wait for the webhook job, never carried out inline.
    expect((await outboxRows(db)).map((row) => row.kind)).toEqual(['webhook.event', 'webhook.event']);
    const { rows } = await db.query<{ actor: string }>(
      "SELECT actor FROM audit_log WHERE action = 'crl.publish' ORDER BY seq DESC LIMIT 1",
    );
    expect(rows[0]?.actor).toBe('operator:1');
  });

  it('a change that rolls back leaves no effect behind', async () => {
    const db = await open(backend);
    await migrate(db);
    await expect(
      db.transaction(async (tx) => {
        await enqueueCrlPublication(tx, 'issuing', 'operator:1');
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await outboxRows(db)).toEqual([]);
  });

  it('effects of one kind and subject are carried out once, with the newest payload; a failure waits and is retried', async () => {
    const db = await open(backend);
    await migrate(db);
    for (const actor of ['a', 'b', 'c'])
      await enqueueEffect(db, { kind: 'test.effect', subject: 'x', payload: { actor } });
    await enqueueEffect(db, { kind: 'test.effect', subject: 'y' });
    await enqueueEffect(db, { kind: 'other.kind', subject: 'x' });

    const failing = vi.fn((effect: ClaimedEffect) =>
      effect.subject === 'y' ? Promise.reject(new Error('CA key unavailable')) : Promise.resolve(),
    );
    const pass = await carryOutEffects(db, { 'test.effect': failing });
    expect(failing).toHaveBeenCalledTimes(2);
    expect(failing.mock.calls[0]?.[0]).toMatchObject({ subject: 'x', payload: { actor: 'c' }, attempts: 1 });
    expect(failing.mock.calls[0]?.[0].ids).toHaveLength(3);
    expect(pass).toEqual({
      done: [{ kind: 'test.effect', subject: 'x' }],
      failed: [{ kind: 'test.effect', subject: 'y', error: 'CA key unavailable' }],
    });
    // The failed one waits for its back-off; the kind nobody handles stays untouched.
    expect(await outboxRows(db)).toEqual([
      { kind: 'test.effect', subject: 'y', attempts: 1, last_error: 'CA key unavailable' },
      { kind: 'other.kind', subject: 'x', attempts: 0, last_error: null },
    ]);
    const working = vi.fn(() => Promise.resolve());
    expect((await carryOutEffects(db, { 'test.effect': working })).done).toEqual([]);
    expect(working).not.toHaveBeenCalled();

    await db.query("UPDATE outbox SET next_attempt_at = now() - interval '1 second'");
    expect((await carryOutEffects(db, { 'test.effect': working })).done).toEqual([
      { kind: 'test.effect', subject: 'y' },
    ]);
    expect(working).toHaveBeenCalledWith(expect.objectContaining({ subject: 'y', attempts: 2 }));
    expect((await outboxRows(db)).map((row) => row.kind)).toEqual(['other.kind']);
  });

  it('two nodes carrying out at once handle each effect exactly once', async () => {
    const db = await open(backend);
    await migrate(db);
    for (let i = 0; i < 20; i++) await enqueueEffect(db, { kind: 'test.effect', subject: `s${i}` });
    const seen: string[] = [];
    const handler = async (effect: ClaimedEffect): Promise<void> => {
      seen.push(effect.subject);
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await Promise.all([
      carryOutEffects(db, { 'test.effect': handler }, { limit: 7 }),
      carryOutEffects(db, { 'test.effect': handler }, { limit: 7 }),
      carryOutEffects(db, { 'test.effect': handler }, { limit: 7 }),
    ]);
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
    expect(await outboxRows(db)).toEqual([]);
  });

  it('the outbox job publishes a CRL that a node left behind when it stopped after its commit', async () => {
    const db = await open(backend);
    const { ctx, cas } = await setUpTestAuthorities(db);
    const before = await latestCrl(db, cas.issuing.id);
    await db.transaction((tx) => enqueueCrlPublication(tx, cas.issuing.id, 'operator:7'));

    const job = new OutboxJob(ctx, { logger: quiet });
    const run = await job.runOnce();

    expect(run).toEqual({
      leader: true,
      value: { done: [{ kind: CRL_PUBLICATION, subject: cas.issuing.id }], failed: [] },
    });
    expect((await latestCrl(db, cas.issuing.id))?.number).toBeGreaterThan(before?.number ?? 0n);
    expect(await outboxRows(db)).toEqual([]);
  });
});
