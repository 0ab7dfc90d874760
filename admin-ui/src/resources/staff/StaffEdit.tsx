import { Alert } from '@mui/material';
import {
  BooleanInput, Create, Edit, email, FormDataConsumer, ReferenceInput, required, SelectInput, SimpleForm, TextInput,
  useRecordContext, useTranslate,
} from 'react-admin';
import { grantNeedsApproval, isRoleKey, ROLES } from '../../../../schema/policy';
import { roleChoices } from '../../choices';
import { SendPasswordReset } from './SendPasswordReset';

const isContractorRole = (role: unknown) => isRoleKey(role) && ROLES[role].contractor;

/**
 * A contractor role (schema/policy ROLES[role].contractor) belongs to a contractor; others do not. No password:
 * its owner sets it through a link mailed to their own address. A two-person role waits for approval.
 */
function StaffFields() {
  const translate = useTranslate();
  return (
    <>
      <TextInput source="name" validate={required()} />
      <TextInput source="email" type="email" validate={[required(), email()]} />
      <SelectInput source="role" choices={roleChoices()} validate={required()} />
      <FormDataConsumer>
        {({ formData }) => (
          <>
            {isContractorRole(formData.role) && (
              <ReferenceInput source="contractorId" reference="Contractor">
                <SelectInput optionText="name" validate={required()} />
              </ReferenceInput>
            )}
            {isRoleKey(formData.role) && grantNeedsApproval(formData.role) && (
              <Alert severity="info" sx={{ mb: 2 }}>{translate('mamori.staff.two_person_note')}</Alert>
            )}
          </>
        )}
      </FormDataConsumer>
      <BooleanInput source="active" />
    </>
  );
}

/** A role the account awaits (a grant request the privacy manager has not decided yet). */
function PendingRole() {
  const record = useRecordContext<{ pendingRole?: string | null }>();
  const translate = useTranslate();
  if (!record?.pendingRole) return null;
  return <Alert severity="warning" sx={{ mb: 2 }}>{translate('mamori.staff.pending', { role: translate(`mamori.roles.${record.pendingRole}`) })}</Alert>;
}

/** Deactivating (active = false) or a role change ends the account's sessions (server side). */
export function StaffEdit() {
  return (
    <Edit mutationMode="pessimistic">
      <SimpleForm>
        <PendingRole />
        <StaffFields />
        <SendPasswordReset />
      </SimpleForm>
    </Edit>
  );
}

export function StaffCreate() {
  const translate = useTranslate();
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ active: true }}>
        <Alert severity="info" sx={{ mb: 2 }}>{translate('mamori.staff.invite_note')}</Alert>
        <StaffFields />
      </SimpleForm>
    </Create>
  );
}
