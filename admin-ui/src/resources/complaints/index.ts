import FeedbackIcon from '@mui/icons-material/Feedback';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

/** Complaints (【14】): interactions of kind COMPLAINT with their handling (providers/complaintProvider.ts). */
export const complaints: ResourceProps = {
  name: 'Complaint',
  icon: FeedbackIcon,
  list: lazyScreen(() => import('./ComplaintList'), 'ComplaintList'),
  edit: lazyScreen(() => import('./ComplaintEdit'), 'ComplaintEdit'),
};
