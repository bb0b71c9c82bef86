/**
 * A subject in the API's one-line form ("SNILS=…, STREET=ул. Тверская\, д. 1,
 * O=ООО «Ромашка», CN=Иванов Иван Иванович, C=RU") as people name its
 * holder; the whole subject stays on the certificate's page.
 */
function attributesOf(subject: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [type, value] of subjectAttributes(subject)) {
    if (!attributes.has(type)) attributes.set(type, value);
  }
  return attributes;
}

/** The subject's attributes in order, as [short name, unescaped value]. */
export function subjectAttributes(subject: string): [string, string][] {
  const attributes: [string, string][] = [];
  for (const match of subject.matchAll(/(?:^|,\s*)([A-Za-z0-9.]+)=((?:\\.|[^,\\])*)/g)) {
    const [, type, value] = match;
    if (type !== undefined && value !== undefined) attributes.push([type, value.replace(/\\(.)/g, '$1')]);
  }
  return attributes;
}

/** The API's short attribute names (pki's formatName) → the names `@podpis/pki/labels` reads (X.520 and the Russian qualified ones). */
export const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  CN: 'commonName',
  SN: 'surname',
  G: 'givenName',
  T: 'title',
  O: 'organizationName',
  OU: 'organizationalUnitName',
  STREET: 'street',
  L: 'locality',
  S: 'state',
  C: 'country',
  E: 'emailAddress',
  INN: 'inn',
  INNLE: 'innle',
  SNILS: 'snils',
  OGRN: 'ogrn',
  OGRNIP: 'ogrnip',
};

/** The CN, else the surname and given names, else the subject as given. */
export function commonName(subject: string): string {
  const attributes = attributesOf(subject);
  const person = [attributes.get('SN'), attributes.get('G')].filter(Boolean).join(' ');
  return attributes.get('CN') ?? (person || subject);
}

/** The holder as a list shows them: their name and, for an employee or an organisation, the organisation. */
export function subjectOwner(subject: string): string {
  const name = commonName(subject);
  const organisation = attributesOf(subject).get('O');
  return organisation && organisation !== name ? `${name} · ${organisation}` : name;
}
