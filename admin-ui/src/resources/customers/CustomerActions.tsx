import { Button as MuiButton } from '@mui/material';
import { EditButton, TopToolbar, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { canAccessResource, type Permissions } from '../../access';
import { useCurrentPurpose } from '../../providers/session';

/**
 * The customer page's one-click work: log an interaction or receive a privacy request for this customer (the
 * create form opens with the customer chosen), each offered only to a role that may create one; then edit.
 */
export function CustomerActions() {
  const record = useRecordContext();
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
  const purpose = useCurrentPurpose();
  const may = (resource: string, action: string) => canAccessResource(permissions, resource, action, purpose);
  const create = (resource: string) => `/${resource}/create?source=${encodeURIComponent(JSON.stringify({ customerId: record?.id }))}`;
  if (!record) return null;
  return (
    <TopToolbar>
      {may('Interaction', 'create') && (
        <MuiButton component={Link} to={create('Interaction')} size="small">{translate('mamori.customer.logInteraction')}</MuiButton>
      )}
      {may('PrivacyRequest', 'create') && (
        <MuiButton component={Link} to={create('PrivacyRequest')} size="small">{translate('mamori.customer.receiveRequest')}</MuiButton>
      )}
      {may('Customer', 'edit') && <EditButton />}
    </TopToolbar>
  );
}
