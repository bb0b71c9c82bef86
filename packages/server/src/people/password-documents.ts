import { randomBytes } from 'node:crypto';
import { openPdf } from '../core/pdf-document.js';

/** One employee's temporary password as the documents print it. */
export interface PasswordEntry {
  login: string;
  /** Surname, name, patronymic. */
  fullName: string;
  /** Name and patronymic, for the greeting. */
  givenNames: string;
  password: string;
  expiresAt: Date | null;
}

const A4_HEIGHT = 841.89;
const MARGIN = 50;

/** A date as a Russian letter writes it ("20 декабря 2026 года"), in Moscow time. */
function russianDate(date: Date): string {
  const formatted = new Intl.DateTimeFormat('ru-RU', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Moscow',
  }).format(date);
  return `${formatted.replace(/\s*г\.$/, '')} года`;
}

/**
 * Printed letters: one A4 page per employee, in Russian, folded in three
 * (marks at the thirds in the margin) so that the top third shows only the
 * addressee and the password sits inside. An empty list gives one page
 * saying so.
 */
export async function passwordLetters(
  entries: readonly PasswordEntry[],
  options: { signInUrl: string; now: Date },
): Promise<Buffer> {
  const { doc, finished } = openPdf('Временные пароли Podpis');
  const width = doc.page.width - 2 * MARGIN;
  if (entries.length === 0) {
    doc
      .font('regular')
      .fontSize(12)
      .text('Нет паролей для выдачи: все пользователи уже сменили временный пароль.', MARGIN, MARGIN, {
        width,
      });
  }
  entries.forEach((entry, index) => {
    if (index > 0) doc.addPage();
    for (const third of [A4_HEIGHT / 3, (2 * A4_HEIGHT) / 3]) {
      doc.moveTo(12, third).lineTo(28, third).lineWidth(0.5).strokeColor('#888888').stroke();
    }
    doc.fillColor('#000000');
    doc.font('regular').fontSize(9).text('Лично в руки. Конфиденциально.', MARGIN, MARGIN, { width });
    doc.moveDown(0.6);
    doc
      .font('bold')
      .fontSize(14)
      .text(entry.fullName || entry.login, { width });
    doc.font('regular').fontSize(10).text(`Логин: ${entry.login}`, { width });

    doc.y = A4_HEIGHT / 3 + 30;
    doc.font('bold').fontSize(14).text('Доступ к сервису электронной подписи Podpis', { width });
    doc.moveDown(0.8);
    doc
      .font('regular')
      .fontSize(11)
      .text(entry.givenNames ? `Здравствуйте, ${entry.givenNames}!` : 'Здравствуйте!', { width });
    doc.moveDown(0.4);
    doc.text(
      'Для вас создана учётная запись в Podpis. Войдите по адресу ниже со своим логином и временным паролем.',
      { width },
    );
    doc.moveDown(0.8);
    const label = (name: string, value: string, font: 'regular' | 'mono'): void => {
      doc.font('regular').fontSize(11).text(name, { width, continued: false });
      doc
        .font(font)
        .fontSize(font === 'mono' ? 16 : 12)
        .text(value, { width });
      doc.moveDown(0.4);
    };
    label('Адрес для входа:', options.signInUrl, 'regular');
    label('Логин:', entry.login, 'mono');
    label('Временный пароль:', entry.password, 'mono');
    doc.moveDown(0.4);
    doc
      .font('regular')
      .fontSize(10.5)
      .text(
        `Пароль одноразовый: при первом входе Podpis попросит заменить его собственным паролем (не короче 8 символов, буквы и цифры).${
          entry.expiresAt ? ` Временный пароль действует до ${russianDate(entry.expiresAt)}.` : ''
        } Если срок истёк, обратитесь к оператору удостоверяющего центра за новым.`,
        { width },
      );
    doc.moveDown(0.6);
    doc
      .font('bold')
      .fontSize(10.5)
      .text(
        'Никому не сообщайте пароль. Сотрудники ИТ-службы и удостоверяющего центра никогда не спрашивают пароль — ни по телефону, ни по почте, ни лично.',
        { width },
      );
    doc.moveDown(0.6);
    doc.font('regular').fontSize(10.5).text('После смены пароля уничтожьте это письмо.', { width });
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#555555')
      .text(`Сформировано ${russianDate(options.now)}`, MARGIN, A4_HEIGHT - MARGIN - 10, { width });
    doc.fillColor('#000000');
  });
  doc.end();
  return finished;
}

/**
 * The list login / name / temporary password as a PDF encrypted with
 * AES-256 (ISO 32000-2 security handler, revision 6) under `password`: laid
 * out by pdfkit with the Cyrillic font, then encrypted by @cantoo/pdf-lib
 * (pdfkit's own AES-256 is the withdrawn revision 5). The owner password is
 * random and forgotten: printing and copying stay allowed to whoever opens it.
 */
export async function protectedPasswordList(
  entries: readonly PasswordEntry[],
  options: { password: string; jobId: string; now: Date },
): Promise<Uint8Array> {
  const { doc, finished } = openPdf('Временные пароли Podpis / Podpis temporary passwords');
  const width = doc.page.width - 2 * MARGIN;
  const columns = [
    { title: 'Логин / Login', x: MARGIN, width: 150 },
    { title: 'ФИО / Name', x: MARGIN + 155, width: 200 },
    { title: 'Временный пароль / Temporary password', x: MARGIN + 360, width: width - 360 },
  ];
  const header = (): void => {
    doc.font('bold').fontSize(9);
    const top = doc.y;
    for (const column of columns) doc.text(column.title, column.x, top, { width: column.width });
    doc.y = top + 24;
  };
  doc.font('bold').fontSize(13).text('Временные пароли / Temporary passwords', MARGIN, MARGIN, { width });
  doc
    .font('regular')
    .fontSize(9)
    .text(
      `Операция ${options.jobId} (${russianDate(options.now)}). Пароль нужно сменить при первом входе. / Job ${options.jobId}: each password must be changed at first sign-in.`,
      { width },
    );
  doc.moveDown(1);
  header();
  for (const entry of entries) {
    doc.font('regular').fontSize(9);
    const height = Math.max(
      doc.heightOfString(entry.login, { width: columns[0]!.width }),
      doc.heightOfString(entry.fullName, { width: columns[1]!.width }),
      14,
    );
    if (doc.y + height > doc.page.height - MARGIN) {
      doc.addPage();
      doc.y = MARGIN;
      header();
    }
    const top = doc.y;
    doc.font('mono').fontSize(9).text(entry.login, columns[0]!.x, top, { width: columns[0]!.width });
    doc.font('regular').fontSize(9).text(entry.fullName, columns[1]!.x, top, { width: columns[1]!.width });
    doc.font('mono').fontSize(10).text(entry.password, columns[2]!.x, top, { width: columns[2]!.width });
    doc.y = top + height + 4;
  }
  if (entries.length === 0) {
    doc
      .font('regular')
      .fontSize(10)
      .text('Нет паролей для выдачи. / No passwords to deliver.', MARGIN, doc.y);
  }
  doc.end();
  const plain = await finished;
  // Loaded here, not with the module: pdf-lib is 400 files, which every CLI command would load.
  const { PDFDocument } = await import('@cantoo/pdf-lib');
  const pdf = await PDFDocument.load(plain);
  pdf.encrypt({
    userPassword: options.password,
    ownerPassword: randomBytes(32).toString('base64url'),
    algorithm: 'AES-256',
    permissions: { printing: 'highResolution', copying: true, contentAccessibility: true },
  });
  return pdf.save({ useObjectStreams: false });
}
