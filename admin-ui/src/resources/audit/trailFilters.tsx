import { CustomerPicker } from '../../fields/CustomerPicker';
import { AutocompleteInput, BooleanInput, ReferenceInput, SelectInput, TextInput } from 'react-admin';
import { purposeChoices, roleChoices } from '../../choices';
import { labelOnly } from '../../fields/sparse';
import { TokyoDateTimeInput } from '../../fields/TokyoDateTimeInput';

/**
 * The trail's filters (server TrailFilter). Customers and staff are looked up by number and name
 * only: choosing whom to look at must not itself read their personal data.
 */
export const customerFilter = (alwaysOn = false) => <CustomerPicker key="customerId" alwaysOn={alwaysOn} numberOnly />;

export const staffFilter = (alwaysOn = false) => (
  <ReferenceInput
    key="staffId"
    source="staffId"
    reference="Staff"
    alwaysOn={alwaysOn}
    queryOptions={labelOnly('name')}
  >
    <AutocompleteInput optionText="name" filterToQuery={(q) => ({ q })} />
  </ReferenceInput>
);

export const roleFilter = (alwaysOn = false) => (
  <SelectInput key="role" source="role" choices={roleChoices()} alwaysOn={alwaysOn} />
);

export const purposeFilter = (alwaysOn = false) => (
  <SelectInput key="purpose" source="purpose" choices={purposeChoices()} alwaysOn={alwaysOn} />
);

export const operationFilter = () => <TextInput key="operation" source="operation" />;

/** From / to, entered in Tokyo time. */
export const timeRangeFilters = (alwaysOn = false) => [
  <TokyoDateTimeInput key="at_gte" source="at_gte" alwaysOn={alwaysOn} />,
  <TokyoDateTimeInput key="at_lte" source="at_lte" alwaysOn={alwaysOn} />,
];

export const clearOnlyFilter = (alwaysOn = false) => <BooleanInput key="clearOnly" source="clearOnly" alwaysOn={alwaysOn} />;
