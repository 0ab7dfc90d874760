import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

/** Requests from people about their data (【11】【12】): the privacy manager's queue; the auditor reads it. */
export const privacyRequests: ResourceProps = {
  name: 'PrivacyRequest',
  icon: AssignmentIndIcon,
  list: lazyScreen(() => import('./PrivacyRequestList'), 'PrivacyRequestList'),
  show: lazyScreen(() => import('./PrivacyRequestShow'), 'PrivacyRequestShow'),
  create: lazyScreen(() => import('./PrivacyRequestCreate'), 'PrivacyRequestCreate'),
};
