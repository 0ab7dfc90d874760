import PolicyIcon from '@mui/icons-material/Policy';
import { Menu as RaMenu, useTranslate } from 'react-admin';

/** The resources the role may open (filtered by authProvider.canAccess), then the policy matrix. */
export function Menu() {
  const translate = useTranslate();
  return (
    <RaMenu>
      <RaMenu.ResourceItems />
      <RaMenu.Item to="/policy" primaryText={translate('mamori.policy.menu')} leftIcon={<PolicyIcon />} />
    </RaMenu>
  );
}
