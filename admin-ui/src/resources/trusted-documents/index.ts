import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import type { ResourceProps } from 'react-admin';
import { lazyScreen } from '../../lazyScreen';

/** The documents each API key may run (server auth/trusted-documents): the privacy manager approves them. */
export const trustedDocuments: ResourceProps = {
  name: 'TrustedDocument',
  icon: VerifiedUserIcon,
  list: lazyScreen(() => import('./TrustedDocumentList'), 'TrustedDocumentList'),
  show: lazyScreen(() => import('./TrustedDocumentList'), 'TrustedDocumentShow'),
  recordRepresentation: 'note',
};
