import { Suspense } from 'react';
import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { Layout } from './layout/Layout';
import { theme } from './layout/theme';
import { lazyScreen } from './lazyScreen';
import { LoginPage } from './login/LoginPage';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/lazyDataProvider';
import { i18nProvider } from './providers/i18nProvider';
import { accessEvents, changeEvents, securityEvents } from './resources/audit';
import { audits } from './resources/audits';
import { complaints } from './resources/complaints';
import { collectionCases } from './resources/collection-cases';
import { consents } from './resources/consents';
import { contractors } from './resources/contractors';
import { customers } from './resources/customers';
import { grantRequests } from './resources/grants';
import { interactions } from './resources/interactions';
import { leakIncidents } from './resources/leak-incidents';
import { mailings } from './resources/mailings';
import { orders } from './resources/orders';
import { privacyRequests } from './resources/privacy-requests';
import { products } from './resources/products';
import { provisionRecords } from './resources/provision-records';
import { staff } from './resources/staff';
import { trustedDocuments } from './resources/trusted-documents';
import { RouteGuard } from './layout/RouteGuard';
import { STATISTICS_PAGE } from './access';

const HomeDashboard = lazyScreen(() => import('./dashboard/HomeDashboard'), 'HomeDashboard');
const PolicyMatrixPage = lazyScreen(() => import('./policy/PolicyMatrixPage'), 'PolicyMatrixPage');
const PolicyVersionsPage = lazyScreen(() => import('./policy-versions/PolicyVersionsPage'), 'PolicyVersionsPage');
const PolicyDraftPage = lazyScreen(() => import('./policy-versions/PolicyDraftPage'), 'PolicyDraftPage');
const NoticePage = lazyScreen(() => import('./policy-versions/NoticePage'), 'NoticePage');
const StatisticsPage = lazyScreen(() => import('./statistics/StatisticsPage'), 'StatisticsPage');
const SecurityPage = lazyScreen(() => import('./login/SecurityPage'), 'SecurityPage');
const SetPasswordPage = lazyScreen(() => import('./password-setup/SetPasswordPage'), 'SetPasswordPage');
const PrivacySettingsPage = lazyScreen(() => import('./resources/privacy-settings/PrivacySettingsPage'), 'PrivacySettingsPage');

/** Menu order; each entry shows only to roles that canAccess it (see access.ts). */
const RESOURCES = [
  customers, orders, interactions, complaints, consents, collectionCases, mailings, privacyRequests, provisionRecords, leakIncidents, products,
  contractors,
  staff, grantRequests, trustedDocuments, audits, accessEvents, changeEvents, securityEvents,
];

export function App() {
  return (
    <Admin
      disableTelemetry
      requireAuth
      title="守り Mamori"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      layout={Layout}
      theme={theme}
      loginPage={LoginPage}
      dashboard={HomeDashboard}
    >
      {RESOURCES.map((resource) => (
        <Resource key={resource.name} {...resource} />
      ))}
      {/* Outside the login: a one-time link is how a person without a password gets one. */}
      <CustomRoutes noLayout>
        <Route path="/set-password" element={<Suspense fallback={null}><SetPasswordPage /></Suspense>} />
      </CustomRoutes>
      <CustomRoutes>
        <Route path="/policy" element={<PolicyMatrixPage />} />
        <Route path="/policy-versions" element={<PolicyVersionsPage />} />
        <Route path="/policy-versions/:id" element={<PolicyDraftPage />} />
        <Route path="/privacy-notices" element={<NoticePage />} />
        <Route path="/statistics" element={<RouteGuard resource={STATISTICS_PAGE}><StatisticsPage /></RouteGuard>} />
        <Route path="/security" element={<SecurityPage />} />
        <Route path="/privacy-settings" element={<PrivacySettingsPage />} />
      </CustomRoutes>
    </Admin>
  );
}
