import type { AuthorityContext } from '../ca/authorities.js';
import { DomainError } from '../core/domain-error.js';
import type { ConsentSigning } from '../oauth/consent.js';
import type { FormatServices } from '../signing/formats/index.js';
import {
  authorizeRemoteSigning,
  bindAuthorizationToGrant,
  remoteCredential,
} from '../signing/remote-authorizations.js';

const hashBytes = (hash: string): Uint8Array =>
  new Uint8Array(Buffer.from(hash.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));

/**
 * The signing service as the OAuth consent page needs it (CSC oauth2code):
 * the same remote authorisation as credentials/authorize — a raw signing
 * operation over exactly the detail's digests (their labels as the
 * documents' names, the client as the requester), confirmed by the PIN
 * and/or the device as the holder's policy asks — then linked to the grant.
 */
export function consentSigning(
  ctx: AuthorityContext,
  services: FormatServices,
  announce?: (accountId: string, operationId: string) => void,
): ConsentSigning {
  return {
    async credential(accountId, credentialID) {
      try {
        const credential = await remoteCredential(ctx, accountId, credentialID);
        return {
          credentialID,
          subject: credential.subject,
          issuer: credential.issuer,
          validTo: credential.notAfter.toISOString(),
          confirmation: credential.confirmation,
        };
      } catch (error) {
        if (error instanceof DomainError && error.code === 'CERT_NOT_FOUND') return undefined;
        throw error;
      }
    },
    async authorize(accountId, { clientName, detail, pin, otp, context }) {
      const authorization = await authorizeRemoteSigning(
        ctx,
        accountId,
        {
          credential: detail.credentialID,
          numSignatures: detail.documentDigests.length,
          hashes: detail.documentDigests.map((digest) => hashBytes(digest.hash)),
          labels: detail.documentDigests.map((digest) => digest.label),
          hashAlgorithm: detail.hashAlgorithmOID,
          ...(pin !== undefined ? { pin } : {}),
          ...(otp !== undefined ? { otp } : {}),
          requester: { kind: 'api', name: clientName },
        },
        context,
        services,
        announce,
      );
      return authorization.sad;
    },
    bind: (accountId, authorization, grant, context) =>
      bindAuthorizationToGrant(ctx, accountId, authorization, grant, context),
  };
}
