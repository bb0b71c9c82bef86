import { Alert, Card, Descriptions, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate, groupedHex } from '../CertificateDetailsView';
import { ToneTag, type Tone } from '../ToneTag';
import type { VerificationReport } from './signingApi';
import { subjectOwner } from '../cabinet/commonName';

type Indication = VerificationReport['indication'];
type SignatureReport = VerificationReport['signatures'][number];
type CertificateView = NonNullable<SignatureReport['signer']>;

const TONE: Record<Indication, Tone> = {
  TOTAL_PASSED: 'green',
  INDETERMINATE: 'orange',
  TOTAL_FAILED: 'red',
};

/** The ETSI indication in words and colour, with the sub-indication saying why (the code people can look up). */
export function IndicationBadge({
  indication,
  subIndication,
  testId,
}: {
  indication: Indication;
  subIndication: string | undefined;
  testId: string;
}) {
  const { t } = useTranslation('signing');
  return (
    <ToneTag tone={TONE[indication]} data-testid={testId} data-indication={indication}>
      {t(`verify.indications.${indication}`)} · {indication}
      {subIndication ? ` / ${subIndication}` : ''}
    </ToneTag>
  );
}

function CertificateLine({ certificate }: { certificate: CertificateView }) {
  return (
    <Space orientation="vertical" size={0}>
      <Typography.Text title={certificate.subject}>{subjectOwner(certificate.subject)}</Typography.Text>
      <Typography.Text type="secondary">
        {groupedHex(certificate.serial)} · {formatDate(certificate.notBefore)} —{' '}
        {formatDate(certificate.notAfter)}
      </Typography.Text>
    </Space>
  );
}

function SignatureCard({ signature, detached }: { signature: SignatureReport; detached: boolean }) {
  const { t } = useTranslation('signing');
  const { revocation, coverage } = signature;
  const coverageText = coverage
    ? `${coverage.wholeDocument ? t('verify.coverageWhole') : t('verify.coveragePart')}; ${
        coverage.changes in CHANGES ? t(`verify.changes.${coverage.changes as Change}`) : coverage.changes
      }${coverage.disallowedChanges.length > 0 ? ` (${coverage.disallowedChanges.join(', ')})` : ''}`
    : detached
      ? t('verify.coverageDetached')
      : t('verify.coverageContent');
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid={`verify-signature-${String(signature.index)}`}
      data-indication={signature.indication}
      title={
        <Space wrap>
          {t('verify.signatureN', { n: signature.index + 1 })}
          <IndicationBadge
            indication={signature.indication}
            subIndication={signature.subIndication}
            testId={`verify-signature-indication-${String(signature.index)}`}
          />
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'level', label: t('verify.level'), children: signature.level },
          {
            key: 'signer',
            label: t('verify.signer'),
            children: signature.signer ? <CertificateLine certificate={signature.signer} /> : '—',
          },
          {
            key: 'qualified',
            label: t('verify.qualified'),
            children: signature.qualified ? t('verify.yes') : t('verify.no'),
          },
          {
            key: 'claimed',
            label: t('verify.claimedSigningTime'),
            children: signature.claimedSigningTime ? formatDate(signature.claimedSigningTime) : '—',
          },
          {
            key: 'best',
            label: t('verify.bestSignatureTime'),
            children: formatDate(signature.bestSignatureTime),
          },
          {
            key: 'chain',
            label: t('verify.chain'),
            children:
              signature.chain.length === 0 ? (
                t('verify.chainEmpty')
              ) : (
                <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                  {signature.chain.map((certificate) => (
                    <li key={certificate.serial}>
                      <CertificateLine certificate={certificate} />
                    </li>
                  ))}
                </ol>
              ),
          },
          {
            key: 'revocation',
            label: t('verify.revocation'),
            children: [
              t(`verify.revocationStatus.${revocation.status}`),
              t(`verify.revocationSource.${revocation.source}`),
              revocation.revokedAt ? t('verify.revokedAt', { date: formatDate(revocation.revokedAt) }) : '',
            ]
              .filter((part) => part !== '')
              .join(', '),
          },
          {
            key: 'timeStamps',
            label: t('verify.timeStamps'),
            children:
              signature.timeStamps.length === 0 ? (
                t('verify.timeStampsNone')
              ) : (
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {signature.timeStamps.map((stamp, i) => (
                    <li key={i}>
                      {formatDate(stamp.genTime)} · {t(`verify.timeStampKind.${stamp.kind}`)} ·{' '}
                      {stamp.tsa ?? '—'} · {stamp.ok ? t('verify.timeStampOk') : t('verify.timeStampBad')}
                    </li>
                  ))}
                </ul>
              ),
          },
          { key: 'coverage', label: t('verify.coverage'), children: coverageText },
        ]}
      />
      {signature.messages.length > 0 && <Messages messages={signature.messages} />}
    </Card>
  );
}

const CHANGES = { UNCHANGED: true, ALLOWED_CHANGES: true, DISALLOWED_CHANGES: true };
type Change = keyof typeof CHANGES;

function Messages({ messages }: { messages: VerificationReport['messages'] }) {
  const { t } = useTranslation('signing');
  return (
    <List
      size="small"
      header={<Typography.Text strong>{t('verify.messages')}</Typography.Text>}
      dataSource={messages}
      renderItem={(message) => (
        <List.Item>
          <Typography.Text code>{message.code}</Typography.Text> {message.message}
          {message.rule ? ` (${message.rule})` : ''}
        </List.Item>
      )}
    />
  );
}

/** The verification report on screen: the overall indication, then each signature with what was checked. */
export function VerificationReportView({
  report,
  detached,
}: {
  report: VerificationReport;
  detached: boolean;
}) {
  const { t } = useTranslation('signing');
  return (
    <section aria-label={t('verify.report')}>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t('verify.report')}
      </Typography.Title>
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 16 }}
        items={[
          {
            key: 'overall',
            label: t('verify.overall'),
            children: (
              <IndicationBadge
                indication={report.indication}
                subIndication={report.subIndication}
                testId="verify-indication"
              />
            ),
          },
          { key: 'format', label: t('verify.format'), children: report.format },
          { key: 'verifiedAt', label: t('verify.verifiedAt'), children: formatDate(report.verifiedAt) },
        ]}
      />
      {report.signatures.length === 0 && <Alert type="warning" showIcon title={t('verify.noSignatures')} />}
      {report.signatures.map((signature) => (
        <SignatureCard key={signature.index} signature={signature} detached={detached} />
      ))}
      {report.messages.length > 0 && <Messages messages={report.messages} />}
    </section>
  );
}
