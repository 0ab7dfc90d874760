import { gql } from '@apollo/client';
import { Button, useNotify, usePermissions, useRecordContext, useRefresh } from 'react-admin';
import { mayOffer, type Permissions } from '../../access';
import type { Selecting } from '../../fields/selection';
import { graphqlClient } from '../../providers/graphqlClient';
import { useCurrentPurpose } from '../../providers/session';

/** The carrier's next step on a shipment handed to it, by the order's state (server modules/order/shipment-work.ts). */
const NEXT: Record<string, { operation: string; label: string; done: string } | undefined> = {
  PLACED: { operation: 'markShipmentPickedUp', label: 'mamori.shipment.pickUp', done: 'mamori.shipment.pickedUp' },
  SHIPPED: { operation: 'markShipmentDelivered', label: 'mamori.shipment.deliver', done: 'mamori.shipment.delivered' },
};

/** Whether the role under the purpose may record shipment steps at all (schema/policy's operations, as the server's shield). */
export function useMayRecordShipments(): boolean {
  const { permissions } = usePermissions<Permissions>();
  const purpose = useCurrentPurpose();
  return mayOffer(permissions, 'markShipmentPickedUp', purpose);
}

/** 集荷済みにする / 配達済みにする for the order in context; nothing for a role that may not, or an order with no next step. */
export const ShipmentStepButton: Selecting<object> = () => {
  const record = useRecordContext();
  const notify = useNotify();
  const refresh = useRefresh();
  const allowed = useMayRecordShipments();
  const next = record ? NEXT[String(record.status)] : undefined;
  if (!allowed || !record || !next) return null;
  const mark = async (e: React.MouseEvent) => {
    e.stopPropagation();
    try {
      await graphqlClient.mutate({
        mutation: gql`mutation step($id: ID!) { ${next.operation}(id: $id) { id status shippedAt deliveredAt } }`,
        variables: { id: record.id },
      });
      notify(next.done, { type: 'info' });
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  return <Button label={next.label} onClick={mark} variant="outlined" />;
};
// The step follows from the order's state: asked with the row even when its column is hidden.
ShipmentStepButton.selects = () => ['status'];
