import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { streebog256 } from '@podpis/gost';
import { tempDir } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidencePackage } from '../src/signing/evidence.js';
import { verifyEvidencePackage } from '../src/signing/evidence-verify.js';
import { runCli } from './support/cli.js';
import { OPERATIONS, SigningFixture } from './support/signing.js';

describe('evidence of a signing operation: who signed what, when, with which key, how confirmed — signed, time-stamped, checked offline', () => {
  let f: SigningFixture;
  beforeAll(async () => {
    f = await SigningFixture.start();
  }, 120_000);
  afterAll(() => f.close());

  it('a user downloads the evidence of two signed documents; it verifies offline against our root, names each file, and any change to it is caught', async () => {
    const { session, serial, keyId } = await f.holder('evidence');
    const documents = [Buffer.from('Счёт-фактура № 101'), Buffer.from('Акт сверки')];
    const results = await f.signed(session, {
      certificate: serial,
      format: 'cades',
      parameters: { level: 'T' },
      documents: documents.map((d, i) => ({
        name: `doc-${i}.txt`,
        digest: Buffer.from(streebog256(d)).toString('hex'),
        size: d.length,
      })),
    });
    const response = await f.get(session, `${OPERATIONS}/${results.id}/evidence`);
    expect(response.statusCode, response.body).toBe(200);
    const evidencePackage = response.json<EvidencePackage>();
    expect(evidencePackage.evidence.operation).toMatchObject({
      status: 'completed',
      confirmationMethod: 'pin',
    });
    expect(evidencePackage.evidence.signer).toMatchObject({ key: keyId, certificate: { serial } });
    expect(evidencePackage.evidence.audit.map((r) => r.action)).toEqual([
      'signing.create',
      'key.sign',
      'signing.complete',
    ]);

    const root = [f.cas.root.certificate];
    const text = response.body;
    const files = [
      { name: 'doc-1.txt', bytes: new Uint8Array(documents[1]!) },
      { name: 'doc-0.txt.p7s', bytes: new Uint8Array(results[0]!.rawPayload) },
    ];
    const verified = await verifyEvidencePackage(text, { trustAnchors: root, files });
    expect(verified.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verified.ok).toBe(true);
    expect(verified.checks.filter((c) => c.check === 'file').map((c) => c.detail)).toEqual([
      'doc-1.txt is document 1 (doc-1.txt)',
      'doc-0.txt.p7s is the signature of document 0 (doc-0.txt)',
    ]);

    const tampered = structuredClone(evidencePackage);
    tampered.evidence.documents[0]!.name = 'другой.txt';
    const forged = await verifyEvidencePackage(JSON.stringify(tampered), { trustAnchors: root });
    expect(forged.checks.find((c) => c.check === 'signature')).toMatchObject({ ok: false });

    const rewritten = structuredClone(evidencePackage);
    rewritten.evidence.audit[1]!.actor = 'system';
    const broken = await verifyEvidencePackage(JSON.stringify(rewritten), { trustAnchors: root });
    expect(broken.checks.find((c) => c.check === 'audit-records')).toMatchObject({ ok: false });

    const untrusted = await verifyEvidencePackage(text, { trustAnchors: [] });
    expect(untrusted.checks.find((c) => c.check === 'trust')).toMatchObject({ ok: false });
    expect(
      (
        await verifyEvidencePackage(text, {
          trustAnchors: root,
          files: [{ name: 'x', bytes: new Uint8Array(3) }],
        })
      ).ok,
    ).toBe(false);

    const dir = tempDir('podpis-evidence-');
    writeFileSync(join(dir, 'evidence.json'), text);
    writeFileSync(join(dir, 'forged.json'), JSON.stringify(tampered));
    writeFileSync(join(dir, 'doc-0.txt'), documents[0]!);
    const cli = await runCli([
      'evidence',
      'verify',
      join(dir, 'evidence.json'),
      '--ca',
      f.caFile,
      '--file',
      join(dir, 'doc-0.txt'),
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('doc-0.txt is document 0');
    expect(cli.stdout).toMatch(/^VALID: evidence of signing operation/m);
    const forgedCli = await runCli(['evidence', 'verify', join(dir, 'forged.json'), '--ca', f.caFile]);
    expect(forgedCli.code).toBe(1);
    expect(forgedCli.stdout).toContain('NOT VALID');
    const notEvidence = await runCli(['evidence', 'verify', join(dir, 'doc-0.txt')]);
    expect(notEvidence.code).toBe(1);
    expect(notEvidence.stderr).toContain('EVIDENCE_INVALID');
  }, 60_000);

  it('the printable summary is a PDF in Russian or English; evidence of somebody else’s operation is 404', async () => {
    const { session, serial } = await f.holder('evidence-pdf');
    const digest = Buffer.from(streebog256(Buffer.from('x'))).toString('hex');
    const results = await f.signed(session, {
      certificate: serial,
      format: 'raw',
      documents: [{ name: 'Положение о премировании.docx', digest }],
    });
    const dir = tempDir('podpis-evidence-pdf-');
    for (const [lang, heading] of [
      ['ru', 'Сведения о подписании документов'],
      ['en', 'Document signing evidence'],
    ] as const) {
      const pdf = await f.get(session, `${OPERATIONS}/${results.id}/evidence.pdf?lang=${lang}`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      writeFileSync(join(dir, `${lang}.pdf`), pdf.rawPayload);
      const text = execFileSync('pdftotext', [join(dir, `${lang}.pdf`), '-'], { encoding: 'utf8' });
      expect(text).toContain(heading);
      expect(text).toContain('Положение о премировании.docx');
      expect(text).toContain(digest.slice(0, 32));
    }
    const other = await f.holder('evidence-other');
    for (const url of [`${OPERATIONS}/${results.id}/evidence`, `${OPERATIONS}/${results.id}/evidence.pdf`]) {
      expect((await f.get(other.session, url)).json()).toMatchObject({
        status: 404,
        code: 'SIGNING_OPERATION_NOT_FOUND',
      });
    }
  });
});
