/**
 * The CN of a subject in the API's one-line form ("SNILS=…, CN=Иванов Иван
 * Иванович, C=RU"): the name people recognise; the whole subject stays on
 * the certificate's page.
 */
export function commonName(subject: string): string {
  return /(?:^|,\s*)CN=((?:\\,|[^,])+)/.exec(subject)?.[1]?.replace(/\\,/g, ',') ?? subject;
}
