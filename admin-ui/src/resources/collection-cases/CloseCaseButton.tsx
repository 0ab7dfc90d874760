import { Button, useNotify, usePermissions, useRecordContext, useRefresh, useUpdate } from 'react-admin';
import { canAccessResource, type Permissions } from '../../access';
import { useCurrentPurpose } from '../../providers/session';

/** Accounting takes an open case back from the agency (recalled); shown only to who may update cases. */
export function CloseCaseButton() {
  const record = useRecordContext();
  const { permissions } = usePermissions<Permissions>();
  const purpose = useCurrentPurpose();
  const [update, { isPending }] = useUpdate();
  const notify = useNotify();
  const refresh = useRefresh();
  if (!record?.open || !canAccessResource(permissions, 'CollectionCase', 'edit', purpose)) return null;
  const recall = (e: React.MouseEvent) => {
    e.stopPropagation();
    update('CollectionCase', { id: record.id, data: { closed: true }, previousData: record }, {
      mutationMode: 'pessimistic',
      onSuccess: () => { notify('mamori.collectionCase.recalled', { type: 'info' }); refresh(); },
      onError: (error) => notify((error as Error).message, { type: 'error' }),
    });
  };
  return <Button label="mamori.collectionCase.recall" onClick={recall} disabled={isPending} />;
}
