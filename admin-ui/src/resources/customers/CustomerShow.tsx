import { Show, TabbedShowLayout, usePermissions } from 'react-admin';
import { canAccessResource, type Permissions } from '../../access';
import { useCurrentPurpose } from '../../providers/session';
import { CustomerProfile } from './CustomerProfile';
import { CustomerAccessTimeline } from './CustomerAccessTimeline';
import { CustomerTitle } from './CustomerTitle';
import { CustomerActions } from './CustomerActions';
import { CustomerConsents, CustomerInteractions, CustomerOrders } from './CustomerRelations';

/**
 * A customer, with a tab per related resource the role may open (the server still decides).
 * Tab contents get `label={false}`: a tab wraps each child in <Labeled>, which has nothing to label here.
 */
export function CustomerShow() {
  const { permissions } = usePermissions<Permissions>();
  const purpose = useCurrentPurpose();
  const may = (resource: string) => canAccessResource(permissions, resource, 'list', purpose);
  return (
    <Show title={<CustomerTitle />} actions={<CustomerActions />}>
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="mamori.customer.tabs.profile">
          <CustomerProfile label={false} />
        </TabbedShowLayout.Tab>
        {may('Order') && (
          <TabbedShowLayout.Tab label="mamori.customer.tabs.orders" path="orders">
            <CustomerOrders label={false} />
          </TabbedShowLayout.Tab>
        )}
        {may('Interaction') && (
          <TabbedShowLayout.Tab label="mamori.customer.tabs.interactions" path="interactions">
            <CustomerInteractions label={false} />
          </TabbedShowLayout.Tab>
        )}
        {may('Consent') && (
          <TabbedShowLayout.Tab label="mamori.customer.tabs.consents" path="consents">
            <CustomerConsents label={false} />
          </TabbedShowLayout.Tab>
        )}
        {may('AccessEvent') && (
          <TabbedShowLayout.Tab label="mamori.customer.tabs.access" path="access">
            <CustomerAccessTimeline label={false} />
          </TabbedShowLayout.Tab>
        )}
      </TabbedShowLayout>
    </Show>
  );
}
