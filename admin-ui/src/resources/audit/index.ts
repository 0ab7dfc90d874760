import HistoryIcon from '@mui/icons-material/History';
import SecurityIcon from '@mui/icons-material/Security';
import VisibilityIcon from '@mui/icons-material/Visibility';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

/** The trails the privacy manager and the auditor read (【10】【13】). Read-only. */
export const accessEvents: ResourceProps = {
  name: 'AccessEvent',
  icon: VisibilityIcon,
  list: lazyScreen(() => import('./AccessEventList'), 'AccessEventList'),
};

export const changeEvents: ResourceProps = {
  name: 'ChangeEvent',
  icon: HistoryIcon,
  list: lazyScreen(() => import('./ChangeEventList'), 'ChangeEventList'),
};

export const securityEvents: ResourceProps = {
  name: 'SecurityEvent',
  icon: SecurityIcon,
  list: lazyScreen(() => import('./SecurityEventList'), 'SecurityEventList'),
};
