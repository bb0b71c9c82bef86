import { Type } from '@sinclair/typebox';
import type { AuthorityContext, AuthorityRecord } from '../../ca/authorities.js';

/** What every list of the certification authorities tells of each: who it is, where it stands, where to fetch it. */
export const authorityFields = {
  id: Type.String(),
  hierarchy: Type.Union([Type.Literal('gost'), Type.Literal('infrastructure')]),
  role: Type.Union([Type.Literal('root'), Type.Literal('issuing')]),
  parentId: Type.Union([Type.String(), Type.Null()]),
  subject: Type.String(),
  certificateUrl: Type.String(),
  crlUrl: Type.String(),
};

/** The `authorityFields` of one authority. */
export function authorityView(ca: AuthorityContext, authority: AuthorityRecord) {
  return {
    id: authority.id,
    hierarchy: authority.hierarchy,
    role: authority.role,
    parentId: authority.parentId,
    subject: authority.subject,
    certificateUrl: ca.urls.caIssuers(authority.id),
    crlUrl: ca.urls.crl(authority.id),
  };
}
