import {
  ApiOutlined,
  ContactsOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  HistoryOutlined,
  ImportOutlined,
  KeyOutlined,
  LockOutlined,
  LogoutOutlined,
  MobileOutlined,
  ProfileOutlined,
  ReloadOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SolutionOutlined,
  SyncOutlined,
  TeamOutlined,
  UnlockOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { Button, Grid, Layout, Menu, Space, Tooltip, Typography, type MenuProps } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api/types';
import { useAuth, useMe } from './auth';
import { LanguageSwitch } from './LanguageSwitch';
import { useReplaceRenderedPage } from './renderedPage';

type Item = Required<MenuProps>['items'][number];

const MENU_NAMESPACES = [
  'common',
  'selfService',
  'hr',
  'bulk',
  'devices',
  'oauth',
  'webhooks',
  'directory',
  'hrPull',
  'signing',
  'crypto',
] as const;

/** The left menu for each role. */
function menuItems(role: Me['role'], t: TFunction): Item[] {
  switch (role) {
    case 'operator':
      return [
        { key: '/users', icon: <TeamOutlined />, label: t('menu.users') },
        { key: '/renewals', icon: <ReloadOutlined />, label: t('menu.renewals') },
        {
          key: '/certificate-requests',
          icon: <SolutionOutlined />,
          label: t('queue.menu', { ns: 'selfService' }),
        },
        { key: '/hr-import', icon: <ImportOutlined />, label: t('menu', { ns: 'hr' }) },
        { key: '/bulk-jobs', icon: <SyncOutlined />, label: t('menu', { ns: 'bulk' }) },
        { key: '/ca', icon: <BankOutlined />, label: t('menu.ca') },
      ];
    case 'admin':
      return [
        { key: '/operators', icon: <TeamOutlined />, label: t('menu.operators') },
        { key: '/ca', icon: <BankOutlined />, label: t('menu.ca') },
        { key: '/profiles', icon: <ProfileOutlined />, label: t('menu.profiles') },
        { key: '/audit', icon: <AuditOutlined />, label: t('menu.audit') },
        {
          key: '/confirmation-policy',
          icon: <MobileOutlined />,
          label: t('policy.menu', { ns: 'devices' }),
        },
        { key: '/oauth-clients', icon: <ApiOutlined />, label: t('clients.menu', { ns: 'oauth' }) },
        { key: '/webhooks', icon: <ApiOutlined />, label: t('menu', { ns: 'webhooks' }) },
        { key: '/self-service', icon: <SolutionOutlined />, label: t('policy.menu', { ns: 'selfService' }) },
        { key: '/directories', icon: <ContactsOutlined />, label: t('menu', { ns: 'directory' }) },
        { key: '/hr-pulls', icon: <ImportOutlined />, label: t('menu', { ns: 'hrPull' }) },
      ];
    case 'user':
      return [
        { key: '/my/certificates', icon: <SafetyCertificateOutlined />, label: t('menu.myCertificates') },
        {
          key: '/my/certificate-request',
          icon: <SolutionOutlined />,
          label: t('menu', { ns: 'selfService' }),
        },
        { key: '/my/sign', icon: <FileDoneOutlined />, label: t('menu.sign', { ns: 'signing' }) },
        { key: '/my/verify', icon: <FileProtectOutlined />, label: t('menu.verify', { ns: 'signing' }) },
        { key: '/my/encrypt', icon: <LockOutlined />, label: t('menu.encrypt', { ns: 'crypto' }) },
        { key: '/my/decrypt', icon: <UnlockOutlined />, label: t('menu.decrypt', { ns: 'crypto' }) },
        { key: '/my/history', icon: <HistoryOutlined />, label: t('menu.history', { ns: 'crypto' }) },
        { key: '/my/password', icon: <KeyOutlined />, label: t('menu.password') },
        { key: '/my/security', icon: <SafetyOutlined />, label: t('menu.security') },
        { key: '/my/devices', icon: <MobileOutlined />, label: t('menu', { ns: 'devices' }) },
        { key: '/my/webhooks', icon: <ApiOutlined />, label: t('menu', { ns: 'webhooks' }) },
        { key: '/my/apps', icon: <AppstoreOutlined />, label: t('allowed.menu', { ns: 'oauth' }) },
      ];
  }
}

function selectedKey(pathname: string, items: Item[]): string[] {
  const keys = items.flatMap((item) => (item && typeof item.key === 'string' ? [item.key] : []));
  const match = keys.filter((key) => pathname === key || pathname.startsWith(`${key}/`));
  if (match.length > 0) return match;
  // A certificate opened from a user's page belongs to the users section.
  return pathname.startsWith('/certificates/') ? ['/users'] : [];
}

/** The office's frame: the role's menu on the left, who is signed in and the language at the top. */
export function AppLayout() {
  // The menus name other areas' pages in those areas' words: the layout waits (suspends) until they are loaded.
  const { t } = useTranslation(MENU_NAMESPACES);
  const me = useMe();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  useReplaceRenderedPage();
  const items = menuItems(me.role, t);
  return (
    <Layout className="office-frame">
      <Layout.Sider breakpoint="lg" collapsedWidth={screens.md ? 80 : 0} theme="light" width={260}>
        <div className="office-logo">
          <img src="/assets/favicon.svg" alt="" width={24} height={24} />
          <span className="office-logo-name">{t('product')}</span>
        </div>
        <nav aria-label={t('product')}>
          <Menu
            mode="inline"
            items={items}
            selectedKeys={selectedKey(location.pathname, items)}
            onClick={({ key }) => {
              void navigate(key);
            }}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space size="middle">
            {/* The person's name; the role is named once, as a hint (the menu already shows the role's sections). */}
            <Tooltip title={`${me.login} · ${t(`roles.${me.role}`)}`}>
              <Typography.Text data-testid="signed-in-as" className="office-person">
                <UserOutlined /> {me.displayName ?? me.login}
              </Typography.Text>
            </Tooltip>
            <LanguageSwitch />
            <Button icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="sign-out">
              {t('signOut')}
            </Button>
          </Space>
        </Layout.Header>
        {/* Ant Design 6 renders Content as the page's <main> landmark. */}
        <Layout.Content className="office-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
