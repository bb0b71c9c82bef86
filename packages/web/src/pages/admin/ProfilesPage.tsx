import { Descriptions, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { CertificateProfile } from '../../api/types';
import { VisuallyHidden } from '../../components/admin/VisuallyHidden';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ToneTag } from '../../components/ToneTag';
import { useLoad } from '../../components/useLoad';
import { useReadable } from '../../components/readable';

/** Which CA issues the profile's certificates, and a warning when this installation has no such CA. */
function Issuer({ profile }: { profile: CertificateProfile }) {
  const { t } = useTranslation('admin');
  const { issuer } = profile;
  return (
    <Space orientation="vertical" size={4}>
      {issuer.type === 'authority' ? (
        <Typography.Text code>{issuer.authorityId}</Typography.Text>
      ) : (
        <span>{t(`profiles.issuer.${issuer.type}`)}</span>
      )}
      {!profile.available && (
        <ToneTag tone="orange" data-testid="profile-ca-missing">
          {t('profiles.notSetUp')}
        </ToneTag>
      )}
    </Space>
  );
}

/** Key usage, then the extended key usages by name. */
function Usage({ profile }: { profile: CertificateProfile }) {
  const { t } = useTranslation('admin');
  const readable = useReadable();
  return (
    <Space orientation="vertical" size={4}>
      <span>
        {t('profiles.keyUsage')}: {profile.keyUsage.map(readable.keyUsage).join(', ')}
      </span>
      <span>
        {t('profiles.extendedKeyUsage')}:{' '}
        {profile.extendedKeyUsage.length === 0
          ? t('profiles.none')
          : profile.extendedKeyUsage.map((eku) => readable.extendedKeyUsage(eku.name)).join(', ')}
        {profile.extendedKeyUsageCritical && ` (${t('profiles.critical')})`}
      </span>
    </Space>
  );
}

function Subject({ profile }: { profile: CertificateProfile }) {
  const { t } = useTranslation('admin');
  const { subject } = profile;
  if (subject.type === 'qualified')
    return <>{t('profiles.subjectRules.qualified', { kind: t(`profiles.kind.${subject.kind}`) })}</>;
  return <>{t(`profiles.subjectRules.${subject.type}`)}</>;
}

/** What a row opens to: how the holder's data is checked, and the profile's further extensions. */
function ProfileDetails({ profile }: { profile: CertificateProfile }) {
  const { t } = useTranslation('admin');
  return (
    <Descriptions bordered column={1} size="small" styles={{ label: { width: 220 } }}>
      <Descriptions.Item label={t('profiles.subject')}>
        <Subject profile={profile} />
      </Descriptions.Item>
      <Descriptions.Item label={t('profiles.extensions')}>
        <Space orientation="vertical" size={0}>
          {profile.ca && (
            <span>
              {t('profiles.caCertificate')}
              {profile.ca.pathLength !== undefined &&
                `, ${t('profiles.pathLength', { length: profile.ca.pathLength })}`}
            </span>
          )}
          {profile.extensions.map((extension) => (
            <span key={extension.oid}>
              {extension.name}
              {extension.value !== null && `: ${extension.value}`}
            </span>
          ))}
          {!profile.ca && profile.extensions.length === 0 && t('profiles.none')}
        </Space>
      </Descriptions.Item>
    </Descriptions>
  );
}

/**
 * The certificate profiles, read-only (M1.2, M8.2): for each, the CA that
 * issues it, the keys it certifies, its validity, key usage and EKU,
 * policies; a row opens to how the holder's data is checked and the
 * further extensions.
 */
export function ProfilesPage() {
  const { t, i18n } = useTranslation('admin');
  const readable = useReadable();
  const profiles = useLoad(() => call(api.GET('/api/v1/profiles')), []);
  const english = i18n.language === 'en';
  return (
    <>
      <PageTitle title={t('profiles.title')} />
      <Typography.Paragraph type="secondary">{t('profiles.hint')}</Typography.Paragraph>
      <ProblemAlert error={profiles.error} onRetry={profiles.reload} />
      <Table<CertificateProfile>
        rowKey="id"
        loading={profiles.loading}
        dataSource={profiles.data ?? []}
        pagination={false}
        // Wide screens show every column; narrower ones scroll the table sideways (the expand buttons keep it keyboard-reachable).
        scroll={{ x: 1060 }}
        data-testid="profiles-table"
        onRow={(profile) =>
          ({ 'data-testid': `profile-row-${profile.id}` }) as React.HTMLAttributes<HTMLElement>
        }
        expandable={{
          columnTitle: <VisuallyHidden>{t('profiles.expand')}</VisuallyHidden>,
          expandedRowRender: (profile) => <ProfileDetails profile={profile} />,
        }}
        columns={[
          {
            key: 'name',
            title: t('profiles.name'),
            width: 250,
            render: (_value, profile) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{english ? profile.title.en : profile.title.ru}</Typography.Text>
                <Typography.Text code>{profile.id}</Typography.Text>
              </Space>
            ),
          },
          {
            key: 'ca',
            title: t('profiles.ca'),
            width: 130,
            render: (_value, profile) => <Issuer profile={profile} />,
          },
          {
            key: 'keyAlgorithms',
            title: t('profiles.keyAlgorithms'),
            width: 120,
            render: (_value, profile) => (
              <Space orientation="vertical" size={0}>
                {profile.keyAlgorithms.map((algorithm) => (
                  <span key={algorithm} title={algorithm}>
                    {readable.keySpec(algorithm)}
                  </span>
                ))}
              </Space>
            ),
          },
          {
            key: 'validity',
            title: t('profiles.validity'),
            width: 120,
            render: (_value, profile) =>
              t('profiles.validityDays', {
                days: profile.validity.defaultDays,
                max: profile.validity.maxDays,
              }),
          },
          {
            key: 'usage',
            title: t('profiles.usage'),
            width: 250,
            render: (_value, profile) => <Usage profile={profile} />,
          },
          {
            key: 'policies',
            title: t('profiles.policies'),
            width: 140,
            render: (_value, profile) =>
              profile.policies.length === 0
                ? t('profiles.none')
                : profile.policies.map((policy) => readable.policy(policy.name)).join(', '),
          },
        ]}
      />
    </>
  );
}
