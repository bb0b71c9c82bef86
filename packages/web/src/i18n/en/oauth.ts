import type { Dictionary } from '../dictionary';
import type { oauth as ru } from '../ru/oauth';

export const oauth: Dictionary<typeof ru> = {
  title: 'Access request',
  asks: 'The application “{{name}}” asks for access to your Podpis account.',
  scopesTitle: 'It will be able to:',
  scopes: {
    openid: 'know who you are (your account id)',
    profile: 'see your login name',
    offline_access: 'keep this access after you leave (until you revoke it)',
    'certificates:read': 'view and download your certificates',
    'keys:pin': "change the PIN of your certificates' keys",
    'certificates:renew': 'ask the CA operator to renew your certificates',
    signing: 'sign documents with your keys (you confirm each signature yourself)',
    encryption: 'encrypt messages to certificates',
    decryption: 'decrypt messages with your keys (each time with your confirmation)',
    service: 'see the list of your signing keys (CSC API)',
    credential: 'sign with your key (CSC API), with your confirmation',
  },
  signatureTitle: 'Signing documents',
  credential: 'Key (credentialID): {{id}}',
  hashAlgorithm: 'Hash algorithm (OID): {{oid}}',
  document: 'Document',
  hash: 'Hash',
  unnamed: 'untitled',
  approve: 'Allow',
  deny: 'Deny',
};
