import BarChartIcon from '@mui/icons-material/BarChart';
import GavelIcon from '@mui/icons-material/Gavel';
import PolicyIcon from '@mui/icons-material/Policy';
import SecurityIcon from '@mui/icons-material/Security';
import { Menu as RaMenu, useCanAccess, useLocale, useTranslate } from 'react-admin';
import { LABELS } from '../resources/privacy-settings/labels';
import { STATISTICS_PAGE } from '../access';

/** The resources the role may open (filtered by authProvider.canAccess), statistics for whom it serves, then the policy matrix and one's own second factor. */
export function Menu() {
  const translate = useTranslate();
  const { canAccess: statistics } = useCanAccess({ resource: STATISTICS_PAGE, action: 'list' });
  // The legal settings are the privacy manager's: whoever may act on privacy requests.
  const { canAccess: legalSettings } = useCanAccess({ resource: 'PrivacyRequest', action: 'edit' });
  const locale = useLocale();
  return (
    <RaMenu>
      <RaMenu.ResourceItems />
      {statistics && <RaMenu.Item to="/statistics" primaryText={translate('mamori.statistics.menu')} leftIcon={<BarChartIcon />} />}
      {legalSettings && <RaMenu.Item to="/privacy-settings" primaryText={LABELS[locale === 'en' ? 'en' : 'ja'].menu} leftIcon={<GavelIcon />} />}
      <RaMenu.Item to="/policy" primaryText={translate('mamori.policy.menu')} leftIcon={<PolicyIcon />} />
      <RaMenu.Item to="/security" primaryText={translate('mamori.mfa.title')} leftIcon={<SecurityIcon />} />
    </RaMenu>
  );
}
