import { useState } from 'react';
import {
  BooleanInput, Create, FormDataConsumer, required, SelectInput, SimpleForm, TextInput,
  useDataProvider, useLocale, useNotify, useRedirect,
} from 'react-admin';
import { enumChoices } from '../../choices';
import { TokyoDateTimeInput } from '../../fields/TokyoDateTimeInput';
import { apiErrorOf } from '../../providers/apiErrors';
import { CustomerPicker } from '../../fields/CustomerPicker';

const STOP_KINDS = ['STOP_USE', 'STOP_PROVISION'];

type Values = Record<string, unknown>;

/**
 * Records a request as received (【11】; 【12】 a guardian for a minor). How the requester's identity was
 * checked is recorded with it when already known (a second call: the server keeps it apart from receipt).
 */
export function PrivacyRequestCreate() {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const redirect = useRedirect();
  const locale = useLocale();
  // Made once: react-admin resets the form whenever its default values change, and a new receipt time on each
  // render would wipe what was typed and the customer chosen by the customer page (`?source=`).
  const [defaultValues] = useState(() => ({ requesterKind: 'PERSON', receivedAt: new Date().toISOString(), liftStop: false }));

  const save = async ({ identityCheck, ...values }: Values) => {
    const byPerson = values.requesterKind === 'PERSON';
    const data = {
      ...values,
      requesterName: byPerson ? undefined : values.requesterName,
      authorityDocument: byPerson ? undefined : values.authorityDocument,
      liftStop: STOP_KINDS.includes(String(values.kind)) ? Boolean(values.liftStop) : undefined,
    };
    try {
      const { data: created } = await dataProvider.create('PrivacyRequest', { data });
      if (identityCheck) {
        await dataProvider.update('PrivacyRequest', { id: created.id, data: { identityCheck }, previousData: created });
      }
      notify('mamori.privacyRequest.created', { type: 'success', messageArgs: { id: created.id } });
      redirect('show', 'PrivacyRequest', created.id);
      return undefined;
    } catch (error) {
      const { message, field } = apiErrorOf(error, locale);
      notify(message, { type: 'error' });
      return field ? { [field]: message } : undefined;
    }
  };

  return (
    <Create>
      <SimpleForm onSubmit={save} defaultValues={defaultValues}>
        <CustomerPicker required />
        <SelectInput source="kind" choices={enumChoices('privacyRequestKind')} validate={required()} />
        <FormDataConsumer>
          {({ formData }) => STOP_KINDS.includes(formData.kind) && <BooleanInput source="liftStop" helperText="mamori.privacyRequest.liftStopHelp" />}
        </FormDataConsumer>
        <SelectInput source="requesterKind" choices={enumChoices('requesterKind')} validate={required()} />
        <FormDataConsumer>
          {({ formData }) => formData.requesterKind && formData.requesterKind !== 'PERSON' && (
            <>
              <TextInput source="requesterName" validate={required()} />
              <SelectInput source="authorityDocument" choices={enumChoices('authorityDocument')} validate={required()} />
            </>
          )}
        </FormDataConsumer>
        <SelectInput source="identityCheck" choices={enumChoices('identityCheck')} helperText="mamori.privacyRequest.identityLater" />
        <TokyoDateTimeInput source="receivedAt" validate={required()} helperText="mamori.privacyRequest.dueFromReceipt" />
      </SimpleForm>
    </Create>
  );
}
