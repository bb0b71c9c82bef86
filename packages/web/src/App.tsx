import { Spin } from 'antd';
import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';
import { BrowserRouter, matchPath, Navigate, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { startEarly } from './api/earlyAnswers';
import { firstRequestPaths, HOME, landingPath } from './api/landing';
import type { Me } from './api/types';
import { useAuth } from './components/auth';
import { preloadNamespaces } from './i18n';
import { SignInPage } from './pages/SignInPage';

/**
 * Every page but sign-in is a chunk of its own, loaded when first shown: the
 * sign-in page, which every cold visit starts with, carries none of the
 * cabinets' code, and each person loads only their role's pages.
 */
type LazyPage = ComponentType & {
  /** Fetches the page's code without showing it; resolves when it is there. */
  preload: () => Promise<void>;
};

function lazyPage<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
): LazyPage {
  let loaded: ComponentType | undefined;
  // Every page behind the sign-in needs the rest of Ant Design's styles, which the sign-in page goes without.
  const loadWithStyles = async () => {
    const [module] = await Promise.all([load(), import('./otherStyles')]);
    loaded = module[name];
    return loaded;
  };
  const Lazy = lazy(async () => ({ default: await loadWithStyles() }));
  /**
   * A page whose code is already there is shown at once: `lazy` would still
   * suspend once, and React holds a suspended page back (up to 300 ms) after
   * showing the fallback, for each of the layout and the page in turn.
   */
  function Page() {
    // Chosen once: switching from `Lazy` to the loaded page later would mount the page anew.
    const [Shown] = useState<ComponentType>(() => loaded ?? Lazy);
    return <Shown />;
  }
  return Object.assign(Page, {
    preload: async () => {
      await loadWithStyles();
    },
  });
}

const AppLayout = lazyPage(() => import('./components/AppLayout'), 'AppLayout');
const NotFound = lazyPage(() => import('./pages/NotFoundPage'), 'NotFoundPage');
const OAuthClientsPage = lazyPage(() => import('./pages/admin/OAuthClientsPage'), 'OAuthClientsPage');
const ConsentPage = lazyPage(() => import('./pages/oauth/ConsentPage'), 'ConsentPage');
const WebhooksPage = lazyPage(() => import('./pages/admin/WebhooksPage'), 'WebhooksPage');
const HrPullsPage = lazyPage(() => import('./pages/admin/HrPullsPage'), 'HrPullsPage');
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

/** Each role's pages by path. */
const ROLE_PAGES: Record<Me['role'], readonly (readonly [path: string, page: LazyPage])[]> = {
  operator: [
    ['/users', UsersPage],
    ['/users/new', UserCreatePage],
    ['/users/:id', UserPage],
    ['/users/:id/certificates/new', CertificateRequestPage],
    ['/certificates/:serial', CertificatePage],
    ['/renewals', RenewalRequestsPage],
    ['/certificate-requests', SelfServiceRequestsPage],
    ['/hr-import', HrImportPage],
    ['/bulk-jobs', BulkJobsPage],
    ['/bulk-jobs/:id', BulkJobPage],
    ['/ca', CaOverviewPage],
  ],
  admin: [
    ['/operators', OperatorsPage],
    ['/ca', CaOverviewPage],
    ['/profiles', ProfilesPage],
    ['/audit', AuditPage],
    ['/confirmation-policy', ConfirmationPolicyPage],
    ['/oauth-clients', OAuthClientsPage],
    ['/webhooks', WebhooksPage],
    ['/self-service', SelfServicePolicyPage],
    ['/directories', DirectoriesPage],
    ['/hr-pulls', HrPullsPage],
  ],
  user: [
    ['/my/certificates', MyCertificatesPage],
    ['/my/certificates/:serial', MyCertificatePage],
    ['/my/certificate-request', MyCertificateRequestPage],
    ['/my/password', PasswordChangePage],
    ['/my/security', SecurityPage],
    ['/my/sign', SignPage],
    ['/my/verify', VerifyPage],
    ['/my/encrypt', EncryptPage],
    ['/my/decrypt', DecryptPage],
    ['/my/history', HistoryPage],
    ['/my/devices', DevicesPage],
    ['/oauth/consent/:uid', ConsentPage],
    ['/my/webhooks', WebhooksPage],
    ['/my/apps', AllowedAppsPage],
  ],
};

function roleRoutes(role: Me['role']) {
  return ROLE_PAGES[role].map(([path, Page]) => <Route key={path} path={path} element={<Page />} />);
}

/** The page shown first after sign-in at this path. */
function firstPage(me: Me, path: string): LazyPage {
  if (me.mustChangePassword) return PasswordChangePage;
  if (me.secondFactorEnrolmentRequired) return SecurityPage;
  return ROLE_PAGES[me.role].find(([pattern]) => matchPath(pattern, path))?.[1] ?? NotFound;
}

/** How long the first page waits for its first API answers before it shows without them, ms. */
const EARLY_ANSWERS_WAIT_MS = 1500;

/**
 * Fetches, once someone has signed in, the layout, the page the address names
 * (or the role's home page), the dictionaries and the page's first API
 * requests together, and answers true once the code and words are there:
 * otherwise each waits for the one before it (layout, then its outlet's
 * page, then the page's words, then its data), which made a cold load of a
 * staff list take three round trips more than it needs. Until then the
 * loading spinner stays, as it would while the pages suspended. It also
 * waits (a little) for those API answers, which on a fresh page the early
 * script has asked for already, so the page renders once, with its data,
 * instead of empty and then again.
 */
function usePreloadFirstPage(me: Me): boolean {
  const [preloaded, setPreloaded] = useState(false);
  useEffect(() => {
    const { pathname, search } = window.location;
    const path = landingPath(me, pathname);
    // Already under way on a fresh page (the early script asked); started here after a sign-in.
    const firstAnswers = firstRequestPaths(me, pathname, new URLSearchParams(search)).map(startEarly);
    const earlyAnswers = Promise.race([
      Promise.all(firstAnswers),
      new Promise((resolve) => setTimeout(resolve, EARLY_ANSWERS_WAIT_MS)),
    ]);
    // A chunk that failed to load fails again where the page is shown, and is reported there.
    void Promise.allSettled([
      preloadNamespaces(),
      AppLayout.preload(),
      firstPage(me, path).preload(),
      earlyAnswers,
    ]).then(() => {
      setPreloaded(true);
    });
    // Only the first page of a sign-in needs this; later navigation loads as it goes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me.role]);
  return preloaded;
}

function SignedIn({ me }: { me: Me }) {
  const { t } = useTranslation();
  const preloaded = usePreloadFirstPage(me);
  const loading = <Spin fullscreen description={t('loading')} />;
  if (!preloaded) return loading;
  return (
    <Suspense fallback={loading}>
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
