import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OID, oidName } from '@podpis/pki';
import { requireRole } from '../auth-plugin.js';
import { listAuthorities, type AuthorityContext } from '../../ca/authorities.js';
import { profilesOf, type CertificateProfile } from '../../ca/profiles.js';
import { problems } from './users-schemas.js';

export interface ProfileRoutesOptions {
  ca: AuthorityContext;
}

/** The names of `KEY_ALGORITHMS` (a new one fails the build in `profileView` until listed here). */
export const KeyAlgorithmSchema = Type.Union([
  Type.Literal('gost256'),
  Type.Literal('gost512'),
  Type.Literal('ecdsa-p256'),
  Type.Literal('ecdsa-p384'),
  Type.Literal('rsa2048'),
  Type.Literal('rsa3072'),
  Type.Literal('rsa4096'),
]);

const NamedOid = Type.Object({ oid: Type.String(), name: Type.String() });

export const CertificateProfileSchema = Type.Object({
  id: Type.String(),
  title: Type.Object({ ru: Type.String(), en: Type.String() }),
  issuer: Type.Union(
    [
      Type.Object({ type: Type.Literal('authority'), authorityId: Type.String() }),
      Type.Object({ type: Type.Literal('served') }),
      Type.Object({ type: Type.Literal('parent') }),
      Type.Object({ type: Type.Literal('self') }),
    ],
    {
      description:
        "Which CA signs: that CA (authority), the CA it serves (each CA's OCSP responder), a new CA's parent, or its own key (a root)",
    },
  ),
  available: Type.Boolean({
    description: 'Whether the CA it names exists in this installation (always true for the others)',
  }),
  purpose: Type.Union([
    Type.Literal('ca'),
    Type.Literal('qualified'),
    Type.Literal('user'),
    Type.Literal('client'),
    Type.Literal('server'),
    Type.Literal('ocsp'),
    Type.Literal('tsa'),
    Type.Literal('audit'),
  ]),
  keyAlgorithms: Type.Array(KeyAlgorithmSchema, {
    description: 'The keys it certifies; the first is the default for a key the server generates',
  }),
  validity: Type.Object({ defaultDays: Type.Integer(), maxDays: Type.Integer() }),
  keyUsage: Type.Array(Type.String()),
  extendedKeyUsage: Type.Array(NamedOid),
  extendedKeyUsageCritical: Type.Boolean(),
  policies: Type.Array(NamedOid),
  ca: Type.Union([Type.Object({ pathLength: Type.Optional(Type.Integer({ minimum: 0 })) }), Type.Null()], {
    description: 'basicConstraints of a CA certificate; null for end-entity certificates',
  }),
  subject: Type.Union(
    [
      Type.Object({
        type: Type.Literal('qualified'),
        kind: Type.Union([
          Type.Literal('person'),
          Type.Literal('employee'),
          Type.Literal('entrepreneur'),
          Type.Literal('legalEntity'),
        ]),
      }),
      Type.Object({ type: Type.Literal('registration') }),
      Type.Object({ type: Type.Literal('server') }),
    ],
    {
      description:
        "qualified: the holder's data checked by the qualified rules for that kind of holder (INN, INNLE, SNILS, OGRN, OGRNIP); registration: the holder's data as registered; server: a name the server sets",
    },
  ),
  extensions: Type.Array(
    Type.Object({ oid: Type.String(), name: Type.String(), value: Type.Union([Type.String(), Type.Null()]) }),
    {
      description:
        'Further extensions; CRL distribution points, freshestCRL, AIA, AKI and SKI come from the CA',
    },
  ),
});

type ProfileView = Static<typeof CertificateProfileSchema>;

const named = (oid: string) => ({ oid, name: oidName(oid) });

function extensionsOf(profile: CertificateProfile): ProfileView['extensions'] {
  const e = profile.extensions;
  return [
    ...(e.subjectSignTool !== undefined ? [{ ...named(OID.subjectSignTool), value: e.subjectSignTool }] : []),
    ...(e.issuerSignTool
      ? [{ ...named(OID.issuerSignTool), value: `${e.issuerSignTool.signTool}; ${e.issuerSignTool.caTool}` }]
      : []),
    ...(e.identificationKind !== undefined
      ? [{ ...named(OID.identificationKind), value: String(e.identificationKind) }]
      : []),
    ...(e.privateKeyUsagePeriod ? [{ ...named(OID.privateKeyUsagePeriod), value: null }] : []),
    ...(e.ocspNoCheck ? [{ ...named(OID.ocspNoCheck), value: null }] : []),
  ];
}

function profileView(profile: CertificateProfile, authorityIds: ReadonlySet<string>): ProfileView {
  return {
    id: profile.id,
    title: profile.title,
    issuer: profile.issuer,
    available: profile.issuer.type !== 'authority' || authorityIds.has(profile.issuer.authorityId),
    purpose: profile.purpose,
    keyAlgorithms: [...profile.keyAlgorithms],
    validity: profile.validity,
    keyUsage: [...profile.keyUsage],
    extendedKeyUsage: profile.extendedKeyUsage.map(named),
    extendedKeyUsageCritical: profile.extensions.extendedKeyUsageCritical === true,
    policies: profile.policies.map(named),
    ca: profile.ca ?? null,
    subject: profile.subject,
    extensions: extensionsOf(profile),
  };
}

/** The certificate profiles, read-only, for the administrator's cabinet and the operator's form (M1.2, M8.2). */
export const profileRoutes: FastifyPluginAsyncTypebox<ProfileRoutesOptions> = async (app, { ca }) => {
  app.get(
    '/profiles',
    {
      preHandler: requireRole(['admin', 'operator']),
      schema: {
        tags: ['certificates'],
        summary:
          'Certificate profiles: the CA each is issued by, key algorithms, validity, key usage, EKU, policies, subject rules',
        response: { 200: Type.Array(CertificateProfileSchema), ...problems(401, 403) },
      },
    },
    async () => {
      const authorityIds = new Set((await listAuthorities(ca.db)).map((authority) => authority.id));
      return profilesOf(ca).all.map((profile) => profileView(profile, authorityIds));
    },
  );
};
