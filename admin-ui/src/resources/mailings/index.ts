import MarkunreadMailboxIcon from '@mui/icons-material/MarkunreadMailbox';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

/** ご案内の発送: mailings under one consent purpose, handed to one mailing house each (【4】(5)(6)(11), 【7】). */
export const mailings: ResourceProps = {
  name: 'Mailing',
  icon: MarkunreadMailboxIcon,
  list: lazyScreen(() => import('./MailingList'), 'MailingList'),
  create: lazyScreen(() => import('./MailingCreate'), 'MailingCreate'),
};
