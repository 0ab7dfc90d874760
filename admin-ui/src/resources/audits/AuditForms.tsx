import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { Accordion, AccordionDetails, AccordionSummary, Box, Typography } from '@mui/material';
import {
  BooleanInput, Create, DateInput, Edit, NumberInput, ReferenceArrayInput, required, SelectArrayInput, SelectInput, SimpleForm,
  TextInput, useTranslate,
} from 'react-admin';
import { enumChoices, purposeChoices, roleChoices } from '../../choices';
import { toTokyoLocal } from '../../fields/format';
import { labelOnly } from '../../fields/sparse';

/** The thresholds findings are judged by (the server's defaults when left empty). */
const SETTINGS = [
  'dailyClearReadLimit', 'spikeMultiplier', 'workingHoursStart', 'workingHoursEnd', 'manyReadersThreshold', 'manyReadersWindowMinutes',
  'contractorReviewDays',
] as const;

/**
 * The form edits `settings.*`; the API takes them as flat arguments. The record's `auditor` relation is left out:
 * the form edits `auditorId`, and ra-data-graphql-simple would send the relation's id as `auditorId` too.
 */
function flattenSettings({ settings, auditor: _auditor, ...rest }: Record<string, unknown>): Record<string, unknown> {
  const values = (settings ?? {}) as Record<string, unknown>;
  return { ...rest, ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== '' && v !== undefined)) };
}

function Thresholds() {
  const translate = useTranslate();
  return (
    <Accordion variant="outlined" sx={{ width: '100%', mb: 2 }} disableGutters>
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography variant="subtitle2">{translate('mamori.audit.thresholds')}</Typography>
      </AccordionSummary>
      <AccordionDetails>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{translate('mamori.audit.thresholdsHelp')}</Typography>
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' }, columnGap: 2 }}>
          {SETTINGS.map((key) => <NumberInput key={key} source={`settings.${key}`} min={0} />)}
          <BooleanInput source="settings.weekendsAndHolidaysOff" />
        </Box>
      </AccordionDetails>
    </Accordion>
  );
}

function AuditFormFields({ editing }: { editing: boolean }) {
  return (
    <>
      <TextInput source="title" validate={required()} fullWidth />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <DateInput source="periodFrom" validate={required()} />
        <DateInput source="periodTo" validate={required()} />
        <DateInput source="plannedDate" />
      </Box>
      <SelectArrayInput source="roles" choices={roleChoices()} helperText="mamori.audit.emptyIsAll" />
      <SelectArrayInput source="purposes" choices={purposeChoices()} helperText="mamori.audit.emptyIsAll" />
      <ReferenceArrayInput source="contractorIds" reference="Contractor" queryOptions={labelOnly('name')}>
        <SelectArrayInput optionText="name" label="resources.Audit.fields.contractorIds" helperText="mamori.audit.emptyIsAll" />
      </ReferenceArrayInput>
      <Thresholds />
      {editing && <SelectInput source="status" choices={enumChoices('auditStatus')} helperText="mamori.audit.completeHelp" />}
      {editing && <TextInput source="conclusion" multiline minRows={4} fullWidth />}
    </>
  );
}

/** The month so far, as a first audit period. */
function defaults() {
  const today = toTokyoLocal(new Date()).slice(0, 10);
  return { periodFrom: `${today.slice(0, 8)}01`, periodTo: today, roles: [], purposes: [], contractorIds: [] };
}

export function AuditCreate() {
  return (
    <Create redirect="show" transform={flattenSettings}>
      <SimpleForm defaultValues={defaults()}><AuditFormFields editing={false} /></SimpleForm>
    </Create>
  );
}

/** Changing the scope or a threshold drops the findings (the server asks for a new run); completing needs a run and a conclusion. */
export function AuditEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="show" transform={flattenSettings}>
      <SimpleForm><AuditFormFields editing /></SimpleForm>
    </Edit>
  );
}
