import HandshakeIcon from '@mui/icons-material/Handshake';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

export const contractors: ResourceProps = {
  name: 'Contractor',
  icon: HandshakeIcon,
  list: lazyScreen(() => import('./ContractorList'), 'ContractorList'),
  show: lazyScreen(() => import('./ContractorShow'), 'ContractorShow'),
  edit: lazyScreen(() => import('./ContractorEdit'), 'ContractorEdit'),
  create: lazyScreen(() => import('./ContractorEdit'), 'ContractorCreate'),
  recordRepresentation: 'name',
};
