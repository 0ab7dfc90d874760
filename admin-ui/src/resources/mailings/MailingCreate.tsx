import { Create, required, SimpleForm, TextInput } from 'react-admin';
import { useCurrentPurpose } from '../../providers/session';

/**
 * A draft mailing under the purpose declared now (the server refuses any other). Recipients are added through the
 * API (addMailingRecipients), each checked against the purpose's consent rules; the list hands the draft over.
 */
export function MailingCreate() {
  const purpose = useCurrentPurpose();
  return (
    <Create redirect="list" transform={(data) => ({ ...data, purpose })}>
      <SimpleForm>
        <TextInput source="name" validate={required()} fullWidth />
      </SimpleForm>
    </Create>
  );
}
