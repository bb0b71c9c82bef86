import type { VerificationReport } from '@podpis/sdk';
import type { DocumentRow, DocumentSummary, SignatureRow } from './store.js';

/** Text for HTML: every value from outside (file names, certificate subjects) goes through here. */
export function escape(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A template tag that escapes every interpolated value except markup made by html`` itself. */
class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0]!;
  values.forEach((value, i) => {
    const parts = Array.isArray(value) ? value : [value];
    out += parts
      .map((part: unknown) =>
        part instanceof Markup
          ? part.text
          : part === undefined || part === null || part === false
            ? ''
            : escape(part),
      )
      .join('');
    out += strings[i + 1]!;
  });
  return new Markup(out);
}

export interface Viewer {
  name: string;
  csrf: string;
}

const dateTime = (value: Date | string): string =>
  new Date(value).toLocaleString('ru-RU', {
    timeZone: 'Europe/Moscow',
    dateStyle: 'short',
    timeStyle: 'medium',
  });

const size = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} МБ` : `${Math.ceil(bytes / 1024)} КБ`;

/** The page frame: a refresh while something awaits the phone (the page needs no script at all). */
export function page(
  title: string,
  viewer: Viewer | undefined,
  body: Markup,
  options: { refreshSeconds?: number } = {},
): string {
  return html`<!doctype html>
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${options.refreshSeconds ? html`<meta http-equiv="refresh" content="${options.refreshSeconds}" />` : ''}
        <title>${title} — ЭДО «Ромашка»</title>
        <link rel="stylesheet" href="/styles.css" />
      </head>
      <body>
        <header>
          <a class="brand" href="/">ЭДО «Ромашка»</a>
          ${
            viewer
              ? html`<span class="who" data-testid="signed-in-as">${viewer.name}</span>
                  <form method="post" action="/logout">
                    <input type="hidden" name="csrf" value="${viewer.csrf}" /><button type="submit">
                      Выйти
                    </button>
                  </form>`
              : ''
          }
        </header>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
        <footer>
          Пример интеграции с Podpis: вход через OAuth 2.0, подпись с подтверждением на телефоне.
        </footer>
      </body>
    </html>`.text;
}

export const STYLES = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
header { display: flex; gap: 1rem; align-items: center; padding: .75rem 1.5rem; background: #0b5394; color: #fff; }
header a, header .who { color: #fff; }
header .brand { font-weight: 600; text-decoration: none; margin-right: auto; }
header form { margin: 0; }
main { max-width: 60rem; margin: 1.5rem auto; padding: 0 1.5rem; }
footer { max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; color: #57606a; font-size: .875rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .5rem .75rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
.card { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 1rem 1.25rem; margin: 1rem 0; }
.notice { border-left: 4px solid #0b5394; }
.error { border-left: 4px solid #b42318; }
.ok { color: #116329; font-weight: 600; }
.bad { color: #b42318; font-weight: 600; }
.unsure { color: #7d4e00; font-weight: 600; }
.code { font: 600 1.5rem/1 ui-monospace, monospace; letter-spacing: .15em; }
button, .button { font: inherit; padding: .4rem 1rem; border-radius: 6px; border: 1px solid #0b5394; background: #0b5394; color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary, .button.secondary { background: #fff; color: #0b5394; }
`;

const INDICATIONS: Record<string, { text: string; className: string }> = {
  TOTAL_PASSED: { text: 'Подпись действительна', className: 'ok' },
  INDETERMINATE: { text: 'Не удалось подтвердить', className: 'unsure' },
  TOTAL_FAILED: { text: 'Подпись недействительна', className: 'bad' },
};

const STATUSES: Record<SignatureRow['status'], string> = {
  awaiting: 'Ожидает подтверждения на телефоне',
  completed: 'Подписано',
  declined: 'Отклонено на телефоне',
  expired: 'Время на подтверждение истекло',
  failed: 'Не подписано',
};

/** What a failed signature's code means, for people. */
const PROBLEMS: Record<string, string> = {
  OPERATION_CANCELLED:
    'Подписание отклонено на телефоне (или отменено в кабинете Podpis). Документ не подписан.',
  OPERATION_EXPIRED: 'Подписание не подтверждено вовремя. Нажмите «Подписать» ещё раз.',
  TIMEOUT: 'Подписание не подтверждено вовремя. Нажмите «Подписать» ещё раз.',
  SESSION_EXPIRED: 'Сеанс Podpis истёк, пока ожидалось подтверждение. Войдите снова и подпишите ещё раз.',
  EDO_RESTARTED: 'ЭДО перезапускалось, пока ожидалось подтверждение. Подпишите ещё раз.',
};

export function loginPage(message?: string): string {
  return page(
    'Вход',
    undefined,
    html`${message ? html`<div class="card error" role="alert" data-testid="login-message">${message}</div>` : ''}
      <div class="card">
        <p>
          Сотрудники входят в ЭДО через Podpis — облачный сервис электронной подписи компании. Пароль вводится
          только на странице Podpis; ЭДО получает доступ к вашим сертификатам и право создавать операции
          подписания, каждую из которых вы подтверждаете на телефоне.
        </p>
        <p><a class="button" href="/login">Войти через Podpis</a></p>
      </div>`,
  );
}

export function documentsPage(
  viewer: Viewer,
  documents: DocumentSummary[],
  maxUploadBytes: number,
  message?: string,
): string {
  return page(
    'Документы',
    viewer,
    html`${message ? html`<div class="card error" role="alert" data-testid="error">${message}</div>` : ''}
      <form class="card" method="post" action="/documents" enctype="multipart/form-data">
        <h2>Загрузить договор</h2>
        <p>
          <label for="file"
            >Файл (PDF подписывается в PAdES, другой файл — в CAdES; не больше ${size(maxUploadBytes)})</label
          ><br />
          <input id="file" type="file" name="file" required />
        </p>
        <input type="hidden" name="csrf" value="${viewer.csrf}" />
        <button type="submit">Загрузить</button>
      </form>
      ${
        documents.length === 0
          ? html`<p>Документов пока нет.</p>`
          : html`<table data-testid="documents">
              <thead>
                <tr>
                  <th>Документ</th>
                  <th>Загрузил</th>
                  <th>Размер</th>
                  <th>Подписей</th>
                </tr>
              </thead>
              <tbody>
                ${documents.map(
                  (d) =>
                    html`<tr>
                      <td><a href="/documents/${d.id}">${d.name}</a></td>
                      <td>${d.uploaded_by_name}, ${dateTime(d.created_at)}</td>
                      <td>${size(d.size)}</td>
                      <td>${d.signatures}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }`,
  );
}

const needsPin = (signature: SignatureRow): boolean =>
  signature.confirmation_method === 'pin' || signature.confirmation_method === 'device+pin';

/** A signing awaiting its holder: the phone's code, and the key's PIN when the key is under one. */
function awaitingView(
  viewer: Viewer,
  document: DocumentRow,
  awaiting: SignatureRow,
  account: string,
): Markup {
  const phone = awaiting.confirmation_method !== 'pin';
  const mine = awaiting.signer === account;
  return html`<div class="card notice" role="status" data-testid="awaiting-confirmation">
    <h2>${phone ? 'Подтвердите подписание на телефоне' : 'Подтвердите подписание ПИН-кодом'}</h2>
    ${
      phone
        ? html`<p>
              ${awaiting.signer_name}, приложение Podpis на вашем телефоне показывает запрос на подпись
              «${document.name}». Проверьте, что код на телефоне совпадает с этим, и подтвердите.
            </p>
            ${awaiting.verification_code ? html`<p>Код: <span class="code" data-testid="verification-code">${awaiting.verification_code}</span></p>` : ''}`
        : html`<p>${awaiting.signer_name} подписывает «${document.name}» ключом, защищённым ПИН-кодом.</p>`
    }
    ${
      needsPin(awaiting) && mine
        ? html`<form method="post" action="/signatures/${awaiting.id}/confirm">
            <input type="hidden" name="csrf" value="${viewer.csrf}" />
            <p>
              <label for="pin">${phone ? 'Затем введите ПИН-код ключа' : 'ПИН-код ключа'}</label><br />
              <input
                id="pin"
                name="pin"
                type="password"
                inputmode="numeric"
                autocomplete="off"
                required
                maxlength="64"
              />
            </p>
            <button type="submit" data-testid="confirm-pin">Подтвердить</button>
          </form>`
        : html`<p>Страница обновится сама.</p>`
    }
  </div>`;
}

/** The common name of a certificate's subject ("CN=Иванов Иван Иванович, …"), else the whole subject. */
function commonName(subject: string): string {
  return /(?:^|,\s*)CN=([^,]+)/.exec(subject)?.[1] ?? subject;
}

function reportView(report: VerificationReport): Markup {
  const overall = INDICATIONS[report.indication] ?? { text: report.indication, className: 'unsure' };
  return html`<section class="card" data-testid="verification-report">
    <h2>Проверка подписей в Podpis</h2>
    <p>
      Итог:
      <span class="${overall.className}" data-testid="verification-indication">${overall.text}</span>
      (${report.format.toUpperCase()}, проверено ${dateTime(report.verifiedAt)})
    </p>
    <table>
      <thead>
        <tr>
          <th>№</th>
          <th>Подписант</th>
          <th>Сертификат</th>
          <th>Время подписи</th>
          <th>Результат</th>
        </tr>
      </thead>
      <tbody>
        ${report.signatures.map((s) => {
          const verdict = INDICATIONS[s.indication] ?? { text: s.indication, className: 'unsure' };
          return html`<tr data-testid="verified-signature">
            <td>${s.index + 1}</td>
            <td>
              ${s.signer ? html`<strong>${commonName(s.signer.subject)}</strong><br /><small>${s.signer.subject}</small>` : '—'}
            </td>
            <td>
              ${s.signer ? html`№ ${s.signer.serial}<br />выдан: ${s.signer.issuer}<br />действует до ${dateTime(s.signer.notAfter)}` : '—'}
            </td>
            <td>
              ${dateTime(s.bestSignatureTime)}${s.timeStamps.some((t) => t.ok) ? html`<br />(штамп времени)` : ''}
            </td>
            <td>
              <span class="${verdict.className}">${verdict.text}</span
              >${s.subIndication ? html`<br />${s.subIndication}` : ''}<br />${s.level}
            </td>
          </tr>`;
        })}
      </tbody>
    </table>
  </section>`;
}

export function documentPage(
  viewer: Viewer,
  document: DocumentRow,
  signatures: SignatureRow[],
  options: { message?: string; account: string },
): string {
  const awaiting = signatures.find((s) => s.status === 'awaiting');
  const latest = signatures.filter((s) => s.status === 'completed').at(-1);
  const pdf = latest?.format === 'pades' || document.media_type === 'application/pdf';
  const signedByMe = signatures.some((s) => s.status === 'completed' && s.signer === options.account);
  const report = latest?.report as VerificationReport | null | undefined;
  return page(
    document.name,
    viewer,
    html`${options.message ? html`<div class="card error" role="alert" data-testid="error">${options.message}</div>` : ''}
      <p>
        Загрузил ${document.uploaded_by_name}, ${dateTime(document.created_at)}.
        <a href="/documents/${document.id}/original">Скачать исходный файл</a>
      </p>
      ${
        awaiting
          ? awaitingView(viewer, document, awaiting, options.account)
          : html`<form class="card" method="post" action="/documents/${document.id}/sign">
              <input type="hidden" name="csrf" value="${viewer.csrf}" />
              <p>
                ${
                  latest
                    ? signedByMe
                      ? 'Вы уже подписали этот документ. Можно подписать ещё раз или передать коллеге.'
                      : 'Документ подписан. Поставьте свою подпись рядом: прежние подписи останутся действительными.'
                    : pdf
                      ? 'PDF подписывается в формате PAdES: подпись и штамп окажутся внутри файла.'
                      : 'Файл подписывается в формате CAdES (открепленная подпись .p7s).'
                }
              </p>
              <button type="submit" data-testid="sign">
                ${latest ? 'Подписать (согласовать)' : 'Подписать'}
              </button>
            </form>`
      }
      <section class="card">
        <h2>Подписи</h2>
        ${
          signatures.length === 0
            ? html`<p>Подписей пока нет.</p>`
            : html`<table data-testid="signatures">
                <thead>
                  <tr>
                    <th>Сотрудник</th>
                    <th>Формат</th>
                    <th>Статус</th>
                    <th>Когда</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${signatures.map(
                    (s) =>
                      html`<tr data-testid="signature-${s.status}">
                        <td>${s.signer_name}</td>
                        <td>${s.format === 'pades' ? 'PAdES' : 'CAdES'}</td>
                        <td>
                          ${STATUSES[s.status]}${s.problem ? html`<br /><small>${PROBLEMS[s.problem] ?? s.problem}</small>` : ''}
                        </td>
                        <td>${dateTime(s.finished_at ?? s.created_at)}</td>
                        <td>
                          ${s.status === 'completed' ? html`<a href="/signatures/${s.id}/result">${s.format === 'pades' ? 'PDF' : '.p7s'}</a>` : ''}
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
        ${
          latest
            ? html`<p>
                <a
                  class="button secondary"
                  data-testid="download-signed"
                  href="/documents/${document.id}/signed"
                  >${latest.format === 'pades' ? 'Скачать подписанный PDF' : 'Скачать подпись (.p7s)'}</a
                >
              </p>`
            : ''
        }
      </section>
      ${report ? reportView(report) : latest ? html`<p class="card">Отчёт о проверке недоступен.</p>` : ''}
      ${
        latest
          ? html`<form method="post" action="/documents/${document.id}/verify">
              <input type="hidden" name="csrf" value="${viewer.csrf}" /><button
                class="secondary"
                type="submit"
                data-testid="reverify"
              >
                Проверить заново
              </button>
            </form>`
          : ''
      }`,
    // Refreshed while only the phone is awaited; a PIN form is not wiped under the employee's fingers.
    awaiting && !needsPin(awaiting) ? { refreshSeconds: 2 } : {},
  );
}

export function errorPage(viewer: Viewer | undefined, title: string, message: string): string {
  return page(
    title,
    viewer,
    html`<div class="card error" role="alert" data-testid="error">${message}</div>
      <p><a href="/">К документам</a></p>`,
  );
}
