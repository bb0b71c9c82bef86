import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** One of the signed-in user's certificates, as GET /api/v1/me/certificates lists it. */
export type MyCertificate = Json<paths['/api/v1/me/certificates']['get']['responses'][200]>[number];

/** A holder's request to renew a certificate, decided by an operator. */
export type RenewalRequest = Json<paths['/api/v1/me/renewal-requests']['get']['responses'][200]>[number];

export type RenewalStatus = RenewalRequest['status'];
