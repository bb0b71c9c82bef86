import { Result, Spin } from 'antd';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Me } from './api/types';
import { AppLayout } from './components/AppLayout';
import { useAuth } from './components/auth';
import { AuditPage } from './pages/admin/AuditPage';
import { ConfirmationPolicyPage } from './pages/admin/ConfirmationPolicyPage';
import { CaOverviewPage } from './pages/admin/CaOverviewPage';
import { OperatorsPage } from './pages/admin/OperatorsPage';
import { ProfilesPage } from './pages/admin/ProfilesPage';
import { WebhooksPage } from './pages/admin/WebhooksPage';
import { DevicesPage } from './pages/cabinet/DevicesPage';
import { DecryptPage } from './pages/cabinet/DecryptPage';
import { EncryptPage } from './pages/cabinet/EncryptPage';
import { HistoryPage } from './pages/cabinet/HistoryPage';
import { MyCertificatePage } from './pages/cabinet/MyCertificatePage';
import { MyCertificatesPage } from './pages/cabinet/MyCertificatesPage';
import { SecurityPage } from './pages/cabinet/SecurityPage';
import { SignPage } from './pages/cabinet/SignPage';
import { VerifyPage } from './pages/cabinet/VerifyPage';
import { CertificatePage } from './pages/operator/CertificatePage';
import { CertificateRequestPage } from './pages/operator/CertificateRequestPage';
import { RenewalRequestsPage } from './pages/operator/RenewalRequestsPage';
import { UserCreatePage } from './pages/operator/UserCreatePage';
import { UserPage } from './pages/operator/UserPage';
import { UsersPage } from './pages/operator/UsersPage';
import { PasswordChangePage } from './pages/PasswordChangePage';
import { SignInPage } from './pages/SignInPage';

const HOME: Record<Me['role'], string> = {
  operator: '/users',
  admin: '/operators',
  user: '/my/certificates',
};

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('notFound')} />;
}

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
          <Route path="/webhooks" element={<WebhooksPage />} />
        </>
      );
    case 'user':
      return (
        <>
          <Route path="/my/certificates" element={<MyCertificatesPage />} />
          <Route path="/my/certificates/:serial" element={<MyCertificatePage />} />
          <Route path="/my/password" element={<PasswordChangePage />} />
          <Route path="/my/security" element={<SecurityPage />} />
          <Route path="/my/sign" element={<SignPage />} />
          <Route path="/my/verify" element={<VerifyPage />} />
          <Route path="/my/encrypt" element={<EncryptPage />} />
          <Route path="/my/decrypt" element={<DecryptPage />} />
          <Route path="/my/history" element={<HistoryPage />} />
          <Route path="/my/devices" element={<DevicesPage />} />
          <Route path="/my/webhooks" element={<WebhooksPage />} />
        </>
      );
  }
}

function SignedIn({ me }: { me: Me }) {
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
