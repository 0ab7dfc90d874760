import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

export const leakIncidents: ResourceProps = {
  name: 'LeakIncident',
  icon: ReportProblemIcon,
  list: lazyScreen(() => import('./LeakIncidentList'), 'LeakIncidentList'),
  show: lazyScreen(() => import('./LeakIncidentForms'), 'LeakIncidentShow'),
  create: lazyScreen(() => import('./LeakIncidentForms'), 'LeakIncidentCreate'),
  edit: lazyScreen(() => import('./LeakIncidentForms'), 'LeakIncidentEdit'),
  recordRepresentation: 'title',
};
