import HowToRegIcon from '@mui/icons-material/HowToReg';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

export const consents: ResourceProps = {
  name: 'Consent',
  icon: HowToRegIcon,
  list: lazyScreen(() => import('./ConsentList'), 'ConsentList'),
  edit: lazyScreen(() => import('./ConsentEdit'), 'ConsentEdit'),
  create: lazyScreen(() => import('./ConsentEdit'), 'ConsentCreate'),
};
