import ShoppingCartIcon from '@mui/icons-material/ShoppingCart';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

export const orders: ResourceProps = {
  name: 'Order',
  icon: ShoppingCartIcon,
  list: lazyScreen(() => import('./OrderList'), 'OrderList'),
  show: lazyScreen(() => import('./OrderShow'), 'OrderShow'),
  recordRepresentation: 'orderNumber',
};
