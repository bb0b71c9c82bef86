import { Descriptions, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/types';
import { formatDate } from '../CertificateDetailsView';
import { StatusBadge } from '../StatusBadge';
import { useActorName } from './actor';
import { isRelevant, PROFILE_FIELDS } from './profile';
import { formatSnils } from '@podpis/pki/labels';

// One column up to a tablet's width: label and value side by side need ~600px per column pair.
const COLUMNS = { xs: 1, sm: 1, md: 1, lg: 2, xl: 2, xxl: 3 };

/** Whether the account is locked now: by an operator, or for a while after wrong passwords. */
export function isLocked(user: User): boolean {
  return user.status === 'locked' || (user.lockedUntil !== null && dayjs(user.lockedUntil).isAfter(dayjs()));
}

/** The account: login, status, temporary password state, who created it and when. */
export function AccountDescriptions({ user }: { user: User }) {
  const { t } = useTranslation('operator');
  const actorName = useActorName();
  const lockedForAWhile = user.lockedUntil !== null && dayjs(user.lockedUntil).isAfter(dayjs());
  return (
    <Descriptions bordered size="small" column={COLUMNS} title={t('user.account')}>
      <Descriptions.Item label={t('user.login')}>
        <Typography.Text copyable>{user.login}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('user.status')}>
        <Space wrap>
          <StatusBadge status={user.status} />
          {lockedForAWhile && (
            <Typography.Text type="warning" data-testid="locked-until">
              {t('user.lockedUntil', { until: formatDate(user.lockedUntil ?? '') })}
            </Typography.Text>
          )}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('user.mustChangePassword')}>
        {user.mustChangePassword ? t('user.mustChangePasswordYes') : t('user.mustChangePasswordNo')}
      </Descriptions.Item>
      <Descriptions.Item label={t('user.createdAt')}>{formatDate(user.createdAt)}</Descriptions.Item>
      <Descriptions.Item label={t('user.createdBy')}>
        <span title={user.createdBy}>{actorName(user.createdBy, user.createdByName)}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}

/** The registration data as filed: the holder type and every field it uses or that holds a value. */
export function ProfileDescriptions({ user, extra }: { user: User; extra?: ReactNode }) {
  const { t } = useTranslation('operator');
  const { profile } = user;
  const fields = PROFILE_FIELDS.filter((field) => isRelevant(profile.kind, field) || profile[field]);
  return (
    <Descriptions
      bordered
      size="small"
      column={COLUMNS}
      title={t('user.profile')}
      extra={extra}
      data-testid="profile-descriptions"
    >
      <Descriptions.Item label={t('field.kind')}>{t(`kind.${profile.kind}`)}</Descriptions.Item>
      {fields.map((field) => (
        <Descriptions.Item key={field} label={t(`field.${field}`)}>
          {field === 'snils' && profile.snils ? formatSnils(profile.snils) : (profile[field] ?? '—')}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
