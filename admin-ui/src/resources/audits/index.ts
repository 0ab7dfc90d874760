import FactCheckIcon from '@mui/icons-material/FactCheck';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

export const audits: ResourceProps = {
  name: 'Audit',
  icon: FactCheckIcon,
  list: lazyScreen(() => import('./AuditList'), 'AuditList'),
  show: lazyScreen(() => import('./AuditShow'), 'AuditShow'),
  create: lazyScreen(() => import('./AuditForms'), 'AuditCreate'),
  edit: lazyScreen(() => import('./AuditForms'), 'AuditEdit'),
  recordRepresentation: 'title',
};
