import BadgeIcon from '@mui/icons-material/Badge';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

export const staff: ResourceProps = {
  name: 'Staff',
  icon: BadgeIcon,
  list: lazyScreen(() => import('./StaffList'), 'StaffList'),
  edit: lazyScreen(() => import('./StaffEdit'), 'StaffEdit'),
  create: lazyScreen(() => import('./StaffEdit'), 'StaffCreate'),
  recordRepresentation: 'name',
};
