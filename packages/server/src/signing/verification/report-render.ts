import { openPdf } from '../../core/pdf-document.js';
import { REPORT_LABELS, reportTime, type ReportLanguage } from './report-labels.js';
import type { Indication, SignatureReport, VerificationReport } from './report.js';

/** One signature's report as label–value lines, the same in HTML and PDF. */
function signatureLines(signature: SignatureReport, language: ReportLanguage): [string, string][] {
  const t = REPORT_LABELS[language];
  const lines: [string, string][] = [[t.level, signature.level]];
  if (signature.counterSignatureOf !== undefined) {
    lines.push([t.countersigns, String(signature.counterSignatureOf + 1)]);
  }
  if (signature.signer) {
    lines.push(
      [t.signer, signature.signer.subject],
      [t.serial, signature.signer.serial],
      [t.issuer, signature.signer.issuer],
      [
        t.validity,
        `${reportTime(signature.signer.notBefore, language)} — ${reportTime(signature.signer.notAfter, language)}`,
      ],
    );
  }
  lines.push(
    [t.qualified, signature.qualified ? t.yes : t.no],
    [t.claimedTime, reportTime(signature.claimedSigningTime, language)],
    [t.bestTime, reportTime(signature.bestSignatureTime, language)],
    [t.chain, signature.chain.map((c) => c.subject).join(' → ') || t.none],
    [
      t.revocation,
      `${t.revocationStatus[signature.revocation.status] ?? signature.revocation.status} ${t.revocationSource[signature.revocation.source] ?? ''}`.trim(),
    ],
    [
      t.timeStamps,
      signature.timeStamps
        .map((s) => `${reportTime(s.genTime, language)} (${s.tsa ?? '?'}) ${s.ok ? '✓' : '✗'}`)
        .join('; ') || t.none,
    ],
  );
  if (signature.coverage) {
    lines.push([t.coverage, signature.coverage.wholeDocument ? t.wholeDocument : t.partOfDocument]);
  }
  lines.push([
    t.messages,
    signature.messages.map((m) => `${m.code}${m.rule ? ` (${m.rule})` : ''}: ${m.message}`).join('; ') ||
      t.none,
  ]);
  return lines;
}

/** "Signature 2", or "Counter-signature 3" for one over another signature's value. */
function heading(signature: SignatureReport, language: ReportLanguage): string {
  const t = REPORT_LABELS[language];
  return `${signature.counterSignatureOf !== undefined ? t.counterSignature : t.signature} ${signature.index + 1}`;
}

function verdict(
  indication: Indication,
  subIndication: string | undefined,
  language: ReportLanguage,
): string {
  const t = REPORT_LABELS[language];
  const why = subIndication
    ? ((t.subIndications as Record<string, string>)[subIndication] ?? subIndication)
    : undefined;
  return `${t.indications[indication]}${why ? `: ${why}` : ''} (${indication}${subIndication ? ` / ${subIndication}` : ''})`;
}

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const COLOURS: Record<Indication, string> = {
  TOTAL_PASSED: '#1b7f3b',
  INDETERMINATE: '#a56a00',
  TOTAL_FAILED: '#b3261e',
};

/** The report as a self-contained HTML page (no scripts, no external resources). */
export function renderReportHtml(report: VerificationReport, language: ReportLanguage = 'ru'): string {
  const t = REPORT_LABELS[language];
  const badge = (indication: Indication, text: string): string =>
    `<p class="badge" style="background:${COLOURS[indication]}">${escape(text)}</p>`;
  const signatures = report.signatures
    .map((signature) => {
      const rows = signatureLines(signature, language)
        .map(([label, value]) => `<tr><th>${escape(label)}</th><td>${escape(value)}</td></tr>`)
        .join('');
      return `<section><h2>${escape(heading(signature, language))}</h2>${badge(signature.indication, verdict(signature.indication, signature.subIndication, language))}<table>${rows}</table></section>`;
    })
    .join('');
  const findings = report.messages.map((m) => `<li>${escape(`${m.code}: ${m.message}`)}</li>`).join('');
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escape(t.title)}</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#1c1b1f}th{text-align:left;vertical-align:top;padding-right:1rem;width:18rem;color:#49454f}td{word-break:break-word}.badge{color:#fff;padding:.4rem .8rem;border-radius:.4rem;display:inline-block}</style>
</head><body><h1>${escape(t.title)}</h1>
<p>${escape(t.verifiedAt)}: ${escape(reportTime(report.verifiedAt, language))}. ${escape(t.format)}: ${escape(report.format)}</p>
${badge(report.indication, `${t.overall}: ${verdict(report.indication, report.subIndication, language)}`)}
${findings ? `<ul>${findings}</ul>` : ''}${signatures}</body></html>`;
}

/** The report as a printable PDF (A4). */
export function renderReportPdf(
  report: VerificationReport,
  language: ReportLanguage = 'ru',
): Promise<Buffer> {
  const t = REPORT_LABELS[language];
  const { doc, finished } = openPdf(t.title);
  doc.font('bold').fontSize(15).text(t.title, { align: 'center' });
  doc.moveDown(0.5).font('regular').fontSize(9);
  doc.text(`${t.verifiedAt}: ${reportTime(report.verifiedAt, language)}. ${t.format}: ${report.format}`);
  doc.moveDown(0.3).font('bold').fontSize(11).fillColor(COLOURS[report.indication]);
  doc
    .text(`${t.overall}: ${verdict(report.indication, report.subIndication, language)}`)
    .fillColor('#000000');
  for (const message of report.messages)
    doc.font('regular').fontSize(9).text(`${message.code}: ${message.message}`);
  for (const signature of report.signatures) {
    doc.moveDown(0.8).font('bold').fontSize(12).text(heading(signature, language));
    doc.font('bold').fontSize(10).fillColor(COLOURS[signature.indication]);
    doc.text(verdict(signature.indication, signature.subIndication, language)).fillColor('#000000');
    for (const [label, value] of signatureLines(signature, language)) {
      doc.font('bold').fontSize(9).text(`${label}: `, { continued: true });
      doc.font('regular').text(value);
    }
  }
  doc.end();
  return finished;
}
