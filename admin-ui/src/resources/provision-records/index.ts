import ShareIcon from '@mui/icons-material/Share';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

export const provisionRecords: ResourceProps = {
  name: 'ProvisionRecord',
  icon: ShareIcon,
  list: lazyScreen(() => import('./ProvisionRecordList'), 'ProvisionRecordList'),
  show: lazyScreen(() => import('./ProvisionRecordForms'), 'ProvisionRecordShow'),
  create: lazyScreen(() => import('./ProvisionRecordForms'), 'ProvisionRecordCreate'),
};
