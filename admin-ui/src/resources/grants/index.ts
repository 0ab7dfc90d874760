import HowToRegIcon from '@mui/icons-material/HowToReg';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

/** Two-person grants (server modules/grants): seen by POWERS.viewGrants, decided by a second privacy manager. */
export const grantRequests: ResourceProps = {
  name: 'GrantRequest',
  icon: HowToRegIcon,
  list: lazyScreen(() => import('./GrantRequestList'), 'GrantRequestList'),
  show: lazyScreen(() => import('./GrantRequestShow'), 'GrantRequestShow'),
  recordRepresentation: 'subjectName',
};
