import BarChartIcon from '@mui/icons-material/BarChart';
import HistoryEduIcon from '@mui/icons-material/HistoryEdu';
import GavelIcon from '@mui/icons-material/Gavel';
import PolicyIcon from '@mui/icons-material/Policy';
import SecurityIcon from '@mui/icons-material/Security';
import { Menu as RaMenu, useCanAccess, useLocale, usePermissions, useTranslate } from 'react-admin';
import { hasPower } from '../../../schema/policy';
import type { Permissions } from '../access';
import { LABELS } from '../resources/privacy-settings/labels';
import { STATISTICS_PAGE } from '../access';

/** The resources the role may open (filtered by authProvider.canAccess), statistics for whom it serves, then the policy matrix and one's own second factor. */
export function Menu() {
  const translate = useTranslate();
  const { canAccess: statistics } = useCanAccess({ resource: STATISTICS_PAGE, action: 'list' });
  // The legal settings are the privacy manager's: whoever may act on privacy requests.
  const { canAccess: legalSettings } = useCanAccess({ resource: 'PrivacyRequest', action: 'edit' });
  const locale = useLocale();
  // Policy versions and drafts: whoever holds the power to see them (schema/policy POWERS.viewPolicyVersions).
  const { permissions } = usePermissions<Permissions>();
  const policyVersions = hasPower(permissions?.role, 'viewPolicyVersions');
  return (
    <RaMenu>
      <RaMenu.ResourceItems />
      {statistics && <RaMenu.Item to="/statistics" primaryText={translate('mamori.statistics.menu')} leftIcon={<BarChartIcon />} />}
      {legalSettings && <RaMenu.Item to="/privacy-settings" primaryText={LABELS[locale === 'en' ? 'en' : 'ja'].menu} leftIcon={<GavelIcon />} />}
      <RaMenu.Item to="/policy" primaryText={translate('mamori.policy.menu')} leftIcon={<PolicyIcon />} />
      {policyVersions && <RaMenu.Item to="/policy-versions" primaryText={translate('mamori.policyVersions.menu')} leftIcon={<HistoryEduIcon />} />}
      <RaMenu.Item to="/security" primaryText={translate('mamori.mfa.title')} leftIcon={<SecurityIcon />} />
    </RaMenu>
  );
}
