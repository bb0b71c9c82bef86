import { Card, Col, Descriptions, Row, Space, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CaOverview } from '../../api/types';
import { formatDate } from '../CertificateDetailsView';
import { ReadableSubject } from '../readable';
import { CopyableUrl } from './CopyableUrl';
import { ToneTag, type Tone } from '../ToneTag';

export type Authority = CaOverview['authorities'][number];

type Counted = keyof Authority['certificates'];

/** The status colours of StatusBadge, dark enough for text on white (WCAG AA). */
const COUNT_COLOURS: Record<Counted, string> = {
  valid: '#237804',
  suspended: '#ad4e00',
  revoked: '#a8071a',
  expired: '#595959',
};

const NONE = 'rgba(0, 0, 0, 0.65)';

const COUNTED: readonly Counted[] = ['valid', 'suspended', 'revoked', 'expired'];

/**
 * A CRL in the last quarter of its period is "due soon": the scheduled job
 * should have published the next one by then, so people look at the jobs
 * before relying parties see a stale list.
 */
const SOON_SHARE = 0.25;

export type CrlFreshness = 'fresh' | 'soon' | 'overdue';

export function crlFreshness(thisUpdate: string, nextUpdate: string, now = dayjs()): CrlFreshness {
  const next = dayjs(nextUpdate);
  if (!next.isAfter(now)) return 'overdue';
  const period = next.diff(dayjs(thisUpdate));
  return next.diff(now) <= period * SOON_SHARE ? 'soon' : 'fresh';
}

const FRESHNESS_TONES: Record<CrlFreshness, Tone> = { fresh: 'green', soon: 'orange', overdue: 'red' };

function CrlSummary({ crl }: { crl: Authority['crl'] }) {
  const { t } = useTranslation('admin');
  if (crl === null) return <ToneTag tone="orange">{t('ca.noCrl')}</ToneTag>;
  const freshness = crlFreshness(crl.thisUpdate, crl.nextUpdate);
  return (
    <Space orientation="vertical" size={0}>
      <span data-testid="crl-summary">
        {t('ca.crlNumber', { number: crl.number })} · {t('ca.crlEntries', { count: crl.entries })}
      </span>
      <span>
        {t('ca.thisUpdate')}: {formatDate(crl.thisUpdate)}
      </span>
      <Space wrap size="small">
        <span>
          {t('ca.nextUpdate')}: {formatDate(crl.nextUpdate)}
        </span>
        <ToneTag tone={FRESHNESS_TONES[freshness]} data-testid="crl-freshness" data-freshness={freshness}>
          {t(`ca.crlFreshness.${freshness}`)}
        </ToneTag>
        {crl.publicationPending && (
          <ToneTag tone="orange" data-testid="crl-publication-pending">
            {t('ca.crlPublicationPending')}
          </ToneTag>
        )}
      </Space>
    </Space>
  );
}

/** One CA: who it is, how long it lives, what it has issued by status, its latest CRL and where to fetch both. */
export function AuthorityCard({ authority }: { authority: Authority }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const expiresSoon = dayjs(authority.notAfter).diff(dayjs(), 'day') < 90;
  const headingId = `ca-${authority.id}`;
  return (
    <Card
      title={
        <Typography.Title level={2} id={headingId} style={{ margin: 0, fontSize: 16 }}>
          {t(`ca.kind.${authority.hierarchy}.${authority.role}`)}
        </Typography.Title>
      }
      data-testid={`ca-card-${authority.id}`}
      style={{ height: '100%' }}
    >
      <section aria-labelledby={headingId}>
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          {COUNTED.map((status) => (
            <Col key={status} xs={12} sm={6}>
              <Statistic
                title={tc(`status.${status}`)}
                value={authority.certificates[status]}
                styles={{
                  // A zero in red or orange would look like an alarm: only counts above zero take the status colour.
                  content: { color: authority.certificates[status] > 0 ? COUNT_COLOURS[status] : NONE },
                  title: { color: 'rgba(0, 0, 0, 0.65)' },
                }}
                data-testid={`ca-count-${status}`}
              />
            </Col>
          ))}
        </Row>
        <Descriptions bordered column={1} size="small" styles={{ label: { width: 180 } }}>
          <Descriptions.Item label={t('ca.subject')}>
            <ReadableSubject subject={authority.subject} />
          </Descriptions.Item>
          <Descriptions.Item label={t('ca.validity')}>
            <Space wrap size="small">
              <span>
                {formatDate(authority.notBefore)} — {formatDate(authority.notAfter)}
              </span>
              {expiresSoon && <ToneTag tone="red">{t('ca.expiresSoon')}</ToneTag>}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('ca.crl')}>
            <CrlSummary crl={authority.crl} />
          </Descriptions.Item>
          <Descriptions.Item label={t('ca.certificateUrl')}>
            <CopyableUrl url={authority.certificateUrl} />
          </Descriptions.Item>
          <Descriptions.Item label={t('ca.crlUrl')}>
            <CopyableUrl url={authority.crlUrl} />
          </Descriptions.Item>
        </Descriptions>
      </section>
    </Card>
  );
}
