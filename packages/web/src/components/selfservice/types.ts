import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** An employee's self-service certificate request, as the cabinet and the operators' queue show it. */
export type SelfServiceRequest = Json<
  paths['/api/v1/me/certificate-requests']['get']['responses'][200]
>[number];

export type SelfServiceStatus = SelfServiceRequest['status'];

export type DocumentType = NonNullable<SelfServiceRequest['identityCheck']>['documentType'];

/** The employee's registration data and what they may correct. */
export type Registration = Json<paths['/api/v1/me/registration']['get']['responses'][200]>;

export type ProfileFieldName = Registration['editableFields'][number];

export const DOCUMENT_TYPES: readonly DocumentType[] = [
  'passport',
  'internationalPassport',
  'foreignPassport',
  'residencePermit',
  'militaryId',
];
