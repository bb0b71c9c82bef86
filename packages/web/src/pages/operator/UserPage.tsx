import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Skeleton, Space, Tabs } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { SigningHistory } from '../../components/crypto/SigningHistory';
import { DeviceList } from '../../components/devices/DeviceList';
import type { User } from '../../api/types';
import { ProfileEditForm } from '../../components/operator/ProfileEditForm';
import { ProfileHistory } from '../../components/operator/ProfileHistory';
import { DirectoryLinkCard } from '../../components/operator/DirectoryLinkCard';
import { UserAuthActions } from '../../components/operator/UserAuthActions';
import { UserCertificates } from '../../components/operator/UserCertificates';
import { AccountDescriptions, ProfileDescriptions } from '../../components/operator/UserDescriptions';
import { PageHeading } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusBadge } from '../../components/StatusBadge';
import { useLoad } from '../../components/useLoad';

const TABS = ['info', 'certificates', 'history', 'signing'] as const;
type Tab = (typeof TABS)[number];

/** The information tab: account and registration data, or the edit form in their place. */
function UserInformation({ user, onChanged }: { user: User; onChanged: () => void }) {
  const { t } = useTranslation('operator');
  const { t: tdevices } = useTranslation('devices');
  const [editing, setEditing] = useState(false);
  // One object per user, so the device list's effects do not start again on every render.
  const deviceOwner = useMemo(() => ({ kind: 'user', id: user.id }) as const, [user.id]);
  if (editing) {
    return (
      <Card title={t('user.editTitle')}>
        <ProfileEditForm
          user={user}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
          onCancel={() => {
            setEditing(false);
          }}
          onReload={() => {
            setEditing(false);
            onChanged();
          }}
        />
      </Card>
    );
  }
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <AccountDescriptions user={user} />
      <DirectoryLinkCard user={user} onChanged={onChanged} />
      <Card size="small" title={t('user.authentication')}>
        <UserAuthActions user={user} onChanged={onChanged} />
      </Card>
      <Card size="small" title={tdevices('operatorSection')}>
        <DeviceList owner={deviceOwner} />
      </Card>
      <ProfileDescriptions
        user={user}
        extra={
          <Button
            type="primary"
            icon={<EditOutlined />}
            onClick={() => {
              setEditing(true);
            }}
            data-testid="edit-profile"
          >
            {t('user.edit')}
          </Button>
        }
      />
    </Space>
  );
}

/** Operator's «Просмотр информации о пользователе»: information, certificates and edit history in tabs. */
export function UserPage() {
  const { t } = useTranslation('operator');
  const { t: tc } = useTranslation();
  const { t: tcrypto } = useTranslation('crypto');
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((name) => name === params.get('tab')) ?? 'info';
  const {
    data: user,
    error,
    reload,
  } = useLoad(() => call(api.GET('/api/v1/users/{id}', { params: { path: { id } } })), [id]);

  if (error !== undefined) {
    return (
      <>
        <ProblemAlert error={error} onRetry={reload} />
        <Link to="/users">
          <ArrowLeftOutlined /> {tc('back')}
        </Link>
      </>
    );
  }
  if (!user) return <Skeleton active paragraph={{ rows: 8 }} />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/users">
        <ArrowLeftOutlined /> {t('users.title')}
      </Link>
      <Row align="middle" gutter={[16, 8]}>
        <Col>
          <PageHeading testId="user-title">{t('user.title', { login: user.login })}</PageHeading>
        </Col>
        <Col>
          <StatusBadge status={user.status} />
        </Col>
      </Row>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(next) => {
            setParams(next === 'info' ? {} : { tab: next }, { replace: true });
          }}
          items={[
            {
              key: 'info',
              label: t('user.tabs.info'),
              children: <UserInformation user={user} onChanged={reload} />,
            },
            {
              key: 'certificates',
              label: t('user.tabs.certificates'),
              children: <UserCertificates userId={user.id} />,
            },
            {
              key: 'history',
              label: t('user.tabs.history'),
              // Keyed by version, so the list is read again after an edit.
              children: <ProfileHistory key={user.version} userId={user.id} />,
            },
            {
              key: 'signing',
              label: tcrypto('history.operatorTab'),
              children: (
                <>
                  <Alert
                    type="info"
                    showIcon
                    title={tcrypto('history.readOnly')}
                    style={{ marginBottom: 16 }}
                  />
                  <SigningHistory source={{ kind: 'user', userId: user.id }} />
                </>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
