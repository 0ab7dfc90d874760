import { Box, Divider, Typography } from '@mui/material';
import {
  AutocompleteInput, BooleanInput, DateInput, Edit, Labeled, NumberField, ReferenceInput, SaveButton, SelectField, SelectInput,
  SimpleForm, TextInput, Toolbar, useCanAccess, useRecordContext, useTranslate,
} from 'react-admin';
import { enumChoices } from '../../choices';
import { DueDateField } from '../../fields/DueDateField';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { MaskedField } from '../../fields/MaskedField';
import { isMaskedIn } from '../../fields/masking';
import { RefField } from '../../fields/RefField';
import { labelOnly } from '../../fields/sparse';
import { ComplainantPanel } from './ComplainantPanel';

/** The complaint as received: read-only here (it is an interaction, recorded once). */
function Received() {
  const translate = useTranslate();
  return (
    <Box sx={{ width: '100%', mb: 2 }}>
      <Typography variant="subtitle1" gutterBottom>{translate('mamori.complaint.received')}</Typography>
      <Divider sx={{ mb: 1 }} />
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(4, 1fr)' }, gap: 2 }}>
        <Labeled source="occurredAt"><TokyoDateField source="occurredAt" /></Labeled>
        <Labeled source="customerId"><RefField source="customerId" reference="Customer" optionText="customerNumber" /></Labeled>
        <Labeled source="channel"><SelectField source="channel" choices={enumChoices('channel')} /></Labeled>
        <Labeled source="complaintAgeDays"><NumberField source="complaintAgeDays" /></Labeled>
        <Labeled source="complaintDueDate"><DueDateField source="complaintDueDate" overdueSource="complaintOverdue" /></Labeled>
        <Labeled source="complaintAnsweredAt"><TokyoDateField source="complaintAnsweredAt" /></Labeled>
        <Labeled source="complaintClosedAt"><TokyoDateField source="complaintClosedAt" /></Labeled>
        <ComplainantPanel />
        <Box sx={{ gridColumn: '1 / -1' }}><Labeled source="summary"><MaskedField source="summary" sx={{ whiteSpace: 'pre-wrap' }} /></Labeled></Box>
      </Box>
    </Box>
  );
}

function ComplaintForm() {
  const record = useRecordContext();
  const translate = useTranslate();
  const answerMasked = isMaskedIn(record, 'complaintAnswer');
  const answered = Boolean(record?.complaintAnswer);
  // Owners are chosen from the staff list, which only some roles may read.
  const { canAccess: mayListStaff } = useCanAccess({ resource: 'Staff', action: 'list' });
  return (
    <SimpleForm toolbar={<Toolbar><SaveButton /></Toolbar>}>
      <Received />
      <Typography variant="subtitle1">{translate('mamori.complaint.handling')}</Typography>
      <Divider sx={{ mb: 1, width: '100%' }} />
      <SelectInput source="complaintStatus" choices={enumChoices('complaintStatus')} helperText="mamori.complaint.statusHelp" />
      {mayListStaff ? (
        <ReferenceInput source="complaintOwnerId" reference="Staff" queryOptions={labelOnly('name')} filter={{ active: true }}>
          <AutocompleteInput optionText="name" filterToQuery={(q) => ({ q })} helperText="mamori.complaint.ownerHelp" />
        </ReferenceInput>
      ) : (
        <Labeled source="complaintOwnerId"><RefField source="complaintOwnerId" reference="Staff" optionText="name" link={false} /></Labeled>
      )}
      <DateInput source="complaintDueDate" />
      <BooleanInput source="complaintAboutPrivacy" />
      <TextInput
        source="complaintAnswer"
        multiline
        minRows={5}
        fullWidth
        readOnly={answerMasked}
        helperText={answerMasked ? 'mamori.customer.masked_readonly' : 'mamori.complaint.answerHelp'}
      />
      {answered && !answerMasked && <TextInput source="reason" fullWidth helperText="mamori.complaint.reasonHelp" />}
    </SimpleForm>
  );
}

/** Handling one complaint: status, owner, due date and the answer sent (【14】); every change is in the change history. */
export function ComplaintEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <ComplaintForm />
    </Edit>
  );
}
