import GavelIcon from '@mui/icons-material/Gavel';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

/** 債権回収の委託: overdue orders handed to one collection agency each (【7】【8】). */
export const collectionCases: ResourceProps = {
  name: 'CollectionCase',
  icon: GavelIcon,
  list: lazyScreen(() => import('./CollectionCaseList'), 'CollectionCaseList'),
  create: lazyScreen(() => import('./CollectionCaseCreate'), 'CollectionCaseCreate'),
};
