import ForumIcon from '@mui/icons-material/Forum';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

export const interactions: ResourceProps = {
  name: 'Interaction',
  icon: ForumIcon,
  list: lazyScreen(() => import('./InteractionList'), 'InteractionList'),
  show: lazyScreen(() => import('./InteractionShow'), 'InteractionShow'),
  create: lazyScreen(() => import('./InteractionCreate'), 'InteractionCreate'),
};
