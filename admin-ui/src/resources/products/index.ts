import InventoryIcon from '@mui/icons-material/Inventory2';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

export const products: ResourceProps = {
  name: 'Product',
  icon: InventoryIcon,
  list: lazyScreen(() => import('./ProductList'), 'ProductList'),
  edit: lazyScreen(() => import('./ProductEdit'), 'ProductEdit'),
  create: lazyScreen(() => import('./ProductEdit'), 'ProductCreate'),
  recordRepresentation: 'name',
};
