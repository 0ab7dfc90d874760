import BarChartIcon from '@mui/icons-material/BarChart';
import PolicyIcon from '@mui/icons-material/Policy';
import SecurityIcon from '@mui/icons-material/Security';
import { Menu as RaMenu, useCanAccess, useTranslate } from 'react-admin';
import { STATISTICS_PAGE } from '../access';

/** The resources the role may open (filtered by authProvider.canAccess), statistics for whom it serves, then the policy matrix and one's own second factor. */
export function Menu() {
  const translate = useTranslate();
  const { canAccess: statistics } = useCanAccess({ resource: STATISTICS_PAGE, action: 'list' });
  return (
    <RaMenu>
      <RaMenu.ResourceItems />
      {statistics && <RaMenu.Item to="/statistics" primaryText={translate('mamori.statistics.menu')} leftIcon={<BarChartIcon />} />}
      <RaMenu.Item to="/policy" primaryText={translate('mamori.policy.menu')} leftIcon={<PolicyIcon />} />
      <RaMenu.Item to="/security" primaryText={translate('mamori.mfa.title')} leftIcon={<SecurityIcon />} />
    </RaMenu>
  );
}
