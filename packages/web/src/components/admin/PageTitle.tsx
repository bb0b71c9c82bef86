/** Where AuditPage and MyCertificatePage still import the page title from; it is one with ../PageTitle. */
export { PageTitle } from '../PageTitle';
