import type { KeySpec } from '@podpis/pki';
import { ensureServiceCertificates } from './service-certificate-top-up.js';
import {
  createAuthority,
  listAuthorities,
  type AuthorityContext,
  type AuthorityRecord,
} from './authorities.js';

/** The algorithm of the GOST hierarchy's keys (`podpis init --alg`). */
export type CaAlgorithm = 'gost256' | 'gost512' | 'ecdsa' | 'rsa';

const KEY_SPECS: Readonly<Record<CaAlgorithm, KeySpec>> = {
  gost256: { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' },
  gost512: { type: 'gost', paramSet: '1.2.643.7.1.2.1.2.1' },
  ecdsa: { type: 'ecdsa', curve: 'P-256' },
  rsa: { type: 'rsa', modulusLength: 3072 },
};

export const CA_IDS = {
  root: 'root',
  issuing: 'issuing',
  infrastructureRoot: 'infra-root',
} as const;

const ISSUER_SIGN_TOOL = {
  signTool: 'Podpis @podpis/gost',
  caTool: 'Podpis CA',
  signToolCertificate: 'not certified',
  caToolCertificate: 'not certified',
};

export interface Authorities {
  root: AuthorityRecord;
  issuing: AuthorityRecord;
  infrastructureRoot: AuthorityRecord;
}

/**
 * The CAs of a new installation: a root and an issuing CA for users'
 * certificates (GOST R 34.10-2012-256 unless asked otherwise), and an ECDSA
 * P-256 infrastructure CA for TLS, which browsers and Node understand; each
 * with a delegated OCSP responder certificate; the GOST issuing CA also
 * certifies the time-stamp authority. Idempotent: an installation that has
 * them keeps them (so `podpis init` adds what a newer version introduced).
 */
export async function setUpAuthorities(
  ctx: AuthorityContext,
  algorithm: CaAlgorithm,
  actor: string,
): Promise<Authorities> {
  const existing = await listAuthorities(ctx.db);
  const find = (id: string): AuthorityRecord | undefined => existing.find((a) => a.id === id);
  const keySpec = KEY_SPECS[algorithm];
  const hierarchy = 'gost';
  const root =
    find(CA_IDS.root) ??
    (await createAuthority(
      ctx,
      {
        id: CA_IDS.root,
        hierarchy,
        commonName: 'Podpis Root CA',
        keySpec,
        validityYears: 15,
        pathLength: 1,
        issuerSignTool: ISSUER_SIGN_TOOL,
      },
      actor,
    ));
  const issuing =
    find(CA_IDS.issuing) ??
    (await createAuthority(
      ctx,
      {
        id: CA_IDS.issuing,
        hierarchy,
        commonName: 'Podpis Issuing CA',
        keySpec,
        validityYears: 10,
        parent: root,
        pathLength: 0,
        issuerSignTool: ISSUER_SIGN_TOOL,
      },
      actor,
    ));
  const infrastructureRoot =
    find(CA_IDS.infrastructureRoot) ??
    (await createAuthority(
      ctx,
      {
        id: CA_IDS.infrastructureRoot,
        hierarchy: 'infrastructure',
        commonName: 'Podpis Infrastructure CA',
        keySpec: { type: 'ecdsa', curve: 'P-256' },
        validityYears: 10,
        pathLength: 0,
      },
      actor,
    ));
  await ensureServiceCertificates(ctx, [root, issuing, infrastructureRoot], actor);
  return { root, issuing, infrastructureRoot };
}
