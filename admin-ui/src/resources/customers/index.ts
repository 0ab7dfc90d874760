import PeopleIcon from '@mui/icons-material/People';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

export const customers: ResourceProps = {
  name: 'Customer',
  icon: PeopleIcon,
  list: lazyScreen(() => import('./CustomerList'), 'CustomerList'),
  show: lazyScreen(() => import('./CustomerShow'), 'CustomerShow'),
  edit: lazyScreen(() => import('./CustomerEdit'), 'CustomerEdit'),
  recordRepresentation: 'customerNumber',
};
