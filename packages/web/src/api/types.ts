import type { paths } from './schema';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Ok<P extends keyof paths, M extends 'get' | 'post' | 'patch'> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer A }
    ? JsonOf<A>
    : R extends { 201: infer A }
      ? JsonOf<A>
      : never
  : never;

/** Names for the API's answers that pages use, derived from the generated OpenAPI types. */
export type Me = Ok<'/api/v1/me', 'get'>;
/** GET /whoami's answer: the signed-in account, or why nobody is. */
export type WhoAmI = Ok<'/api/v1/whoami', 'get'>;
export type UserPage = Ok<'/api/v1/users', 'get'>;
export type User = Ok<'/api/v1/users/{id}', 'get'>;
export type Profile = User['profile'];
export type SubjectKind = Profile['kind'];
export type ProfileHistory = Ok<'/api/v1/users/{id}/history', 'get'>;
export type Certificate = Ok<'/api/v1/users/{id}/certificates', 'get'>[number];
export type CertificateDetails = Ok<'/api/v1/certificates/{serial}', 'get'>;
export type CertificateStatus = Certificate['status'];
export type Account = Ok<'/api/v1/operators', 'get'>[number];
export type CaOverview = Ok<'/api/v1/ca', 'get'>;
export type CertificateProfile = Ok<'/api/v1/profiles', 'get'>[number];
export type AuditPage = Ok<'/api/v1/audit', 'get'>;
export type Device = Ok<'/api/v1/me/devices', 'get'>['items'][number];
export type Enrolment = Ok<'/api/v1/me/devices/enrolments', 'post'>;
export type EnrolmentStatus = Ok<'/api/v1/me/devices/enrolments/{id}', 'get'>;
export type ConfirmationPolicy = Ok<'/api/v1/confirmation-policy', 'get'>;
export type AccountPolicy = Ok<'/api/v1/users/{id}/confirmation-policy', 'get'>;
export type DeviceApproval = NonNullable<Ok<'/api/v1/signing-operations/{id}', 'get'>['device']>;
export type SecondFactorState = Ok<'/api/v1/session/second-factor', 'get'>;
export type SecondFactorPolicy = Ok<'/api/v1/second-factor-policy', 'get'>;
export type Directory = Ok<'/api/v1/directories', 'get'>[number];
export type DirectoryEntry = Ok<'/api/v1/directory/search', 'get'>[number];
export type DirectoryTest = Ok<'/api/v1/directories/{id}/test', 'post'>;
export type DirectoryComparison = Ok<'/api/v1/users/{id}/directory', 'get'>;
export type HrSource = Ok<'/api/v1/hr/sources', 'get'>[number];
export type BulkJob = Ok<'/api/v1/bulk-jobs/{id}', 'get'>;
export type BulkJobItem = Ok<'/api/v1/bulk-jobs/{id}/items', 'get'>['items'][number];
export type ItemOutcome = NonNullable<BulkJobItem['outcome']>;
