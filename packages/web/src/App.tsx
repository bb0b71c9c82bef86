import { Spin } from 'antd';
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Me } from './api/types';
import { useAuth } from './components/auth';
import { SignInPage } from './pages/SignInPage';

/**
 * Every page but sign-in is a chunk of its own, loaded when first shown: the
 * sign-in page, which every cold visit starts with, carries none of the
 * cabinets' code, and each person loads only their role's pages.
 */
function lazyPage<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] }));
}

const AppLayout = lazyPage(() => import('./components/AppLayout'), 'AppLayout');
const NotFound = lazyPage(() => import('./pages/NotFoundPage'), 'NotFoundPage');
const OAuthClientsPage = lazyPage(() => import('./pages/admin/OAuthClientsPage'), 'OAuthClientsPage');
const ConsentPage = lazyPage(() => import('./pages/oauth/ConsentPage'), 'ConsentPage');
const WebhooksPage = lazyPage(() => import('./pages/admin/WebhooksPage'), 'WebhooksPage');
const DirectoriesPage = lazyPage(() => import('./pages/admin/DirectoriesPage'), 'DirectoriesPage');
const AllowedAppsPage = lazyPage(() => import('./pages/cabinet/AllowedAppsPage'), 'AllowedAppsPage');
const AuditPage = lazyPage(() => import('./pages/admin/AuditPage'), 'AuditPage');
const ConfirmationPolicyPage = lazyPage(
  () => import('./pages/admin/ConfirmationPolicyPage'),
  'ConfirmationPolicyPage',
);
const CaOverviewPage = lazyPage(() => import('./pages/admin/CaOverviewPage'), 'CaOverviewPage');
const OperatorsPage = lazyPage(() => import('./pages/admin/OperatorsPage'), 'OperatorsPage');
const ProfilesPage = lazyPage(() => import('./pages/admin/ProfilesPage'), 'ProfilesPage');
const DevicesPage = lazyPage(() => import('./pages/cabinet/DevicesPage'), 'DevicesPage');
const DecryptPage = lazyPage(() => import('./pages/cabinet/DecryptPage'), 'DecryptPage');
const EncryptPage = lazyPage(() => import('./pages/cabinet/EncryptPage'), 'EncryptPage');
const HistoryPage = lazyPage(() => import('./pages/cabinet/HistoryPage'), 'HistoryPage');
const MyCertificatePage = lazyPage(() => import('./pages/cabinet/MyCertificatePage'), 'MyCertificatePage');
const MyCertificatesPage = lazyPage(() => import('./pages/cabinet/MyCertificatesPage'), 'MyCertificatesPage');
const SecurityPage = lazyPage(() => import('./pages/cabinet/SecurityPage'), 'SecurityPage');
const SignPage = lazyPage(() => import('./pages/cabinet/SignPage'), 'SignPage');
const VerifyPage = lazyPage(() => import('./pages/cabinet/VerifyPage'), 'VerifyPage');
const CertificatePage = lazyPage(() => import('./pages/operator/CertificatePage'), 'CertificatePage');
const CertificateRequestPage = lazyPage(
  () => import('./pages/operator/CertificateRequestPage'),
  'CertificateRequestPage',
);
const RenewalRequestsPage = lazyPage(
  () => import('./pages/operator/RenewalRequestsPage'),
  'RenewalRequestsPage',
);
const SelfServiceRequestsPage = lazyPage(
  () => import('./pages/operator/SelfServiceRequestsPage'),
  'SelfServiceRequestsPage',
);
const MyCertificateRequestPage = lazyPage(
  () => import('./pages/cabinet/MyCertificateRequestPage'),
  'MyCertificateRequestPage',
);
const SelfServicePolicyPage = lazyPage(
  () => import('./pages/admin/SelfServicePolicyPage'),
  'SelfServicePolicyPage',
);
const UserCreatePage = lazyPage(() => import('./pages/operator/UserCreatePage'), 'UserCreatePage');
const UserPage = lazyPage(() => import('./pages/operator/UserPage'), 'UserPage');
const HrImportPage = lazyPage(() => import('./pages/operator/HrImportPage'), 'HrImportPage');
const BulkJobsPage = lazyPage(() => import('./pages/operator/BulkJobsPage'), 'BulkJobsPage');
const BulkJobPage = lazyPage(() => import('./pages/operator/BulkJobPage'), 'BulkJobPage');
const UsersPage = lazyPage(() => import('./pages/operator/UsersPage'), 'UsersPage');
const PasswordChangePage = lazyPage(() => import('./pages/PasswordChangePage'), 'PasswordChangePage');

const HOME: Record<Me['role'], string> = {
  operator: '/users',
  admin: '/operators',
  user: '/my/certificates',
};

function roleRoutes(role: Me['role']) {
  switch (role) {
    case 'operator':
      return (
        <>
          <Route path="/users" element={<UsersPage />} />
          <Route path="/users/new" element={<UserCreatePage />} />
          <Route path="/users/:id" element={<UserPage />} />
          <Route path="/users/:id/certificates/new" element={<CertificateRequestPage />} />
          <Route path="/certificates/:serial" element={<CertificatePage />} />
          <Route path="/renewals" element={<RenewalRequestsPage />} />
          <Route path="/certificate-requests" element={<SelfServiceRequestsPage />} />
          <Route path="/hr-import" element={<HrImportPage />} />
          <Route path="/bulk-jobs" element={<BulkJobsPage />} />
          <Route path="/bulk-jobs/:id" element={<BulkJobPage />} />
          <Route path="/ca" element={<CaOverviewPage />} />
        </>
      );
    case 'admin':
      return (
        <>
          <Route path="/operators" element={<OperatorsPage />} />
          <Route path="/ca" element={<CaOverviewPage />} />
          <Route path="/profiles" element={<ProfilesPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/confirmation-policy" element={<ConfirmationPolicyPage />} />
          <Route path="/oauth-clients" element={<OAuthClientsPage />} />
          <Route path="/webhooks" element={<WebhooksPage />} />
          <Route path="/self-service" element={<SelfServicePolicyPage />} />
          <Route path="/directories" element={<DirectoriesPage />} />
        </>
      );
    case 'user':
      return (
        <>
          <Route path="/my/certificates" element={<MyCertificatesPage />} />
          <Route path="/my/certificates/:serial" element={<MyCertificatePage />} />
          <Route path="/my/certificate-request" element={<MyCertificateRequestPage />} />
          <Route path="/my/password" element={<PasswordChangePage />} />
          <Route path="/my/security" element={<SecurityPage />} />
          <Route path="/my/sign" element={<SignPage />} />
          <Route path="/my/verify" element={<VerifyPage />} />
          <Route path="/my/encrypt" element={<EncryptPage />} />
          <Route path="/my/decrypt" element={<DecryptPage />} />
          <Route path="/my/history" element={<HistoryPage />} />
          <Route path="/my/devices" element={<DevicesPage />} />
          <Route path="/oauth/consent/:uid" element={<ConsentPage />} />
          <Route path="/my/webhooks" element={<WebhooksPage />} />
          <Route path="/my/apps" element={<AllowedAppsPage />} />
        </>
      );
  }
}

function SignedIn({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<Spin fullscreen description={t('loading')} />}>
      <SignedInRoutes me={me} />
    </Suspense>
  );
}

function SignedInRoutes({ me }: { me: Me }) {
  if (me.mustChangePassword) {
    // Until the temporary password is replaced the API refuses everything else, so the office shows nothing else.
    return (
      <Routes>
        <Route element={<AppLayout />}>
          <Route path="*" element={<PasswordChangePage />} />
        </Route>
      </Routes>
    );
  }
  if (me.secondFactorEnrolmentRequired) {
    // The role requires a second factor this account lacks: the API allows only enrolling one until then.
    return (
      <Routes>
        <Route element={<AppLayout />}>
          <Route path="*" element={<SecurityPage />} />
        </Route>
      </Routes>
    );
  }
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route path="/" element={<Navigate to={HOME[me.role]} replace />} />
        {roleRoutes(me.role)}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function App() {
  const { t } = useTranslation();
  const { me } = useAuth();
  return (
    <BrowserRouter>
      {me === undefined ? (
        <Spin fullscreen description={t('loading')} />
      ) : me === null ? (
        <SignInPage />
      ) : (
        <SignedIn me={me} />
      )}
    </BrowserRouter>
  );
}
