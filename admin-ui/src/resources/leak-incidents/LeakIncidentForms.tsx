import { Box } from '@mui/material';
import {
  BooleanField, BooleanInput, Create, Edit, Labeled, NumberField, NumberInput, required, SelectArrayInput, Show,
  SimpleForm, TextField, TextInput, TopToolbar, EditButton, useTranslate,
} from 'react-admin';
import { categoryChoices } from '../../choices';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { RefField } from '../../fields/RefField';
import { TokyoDateTimeInput } from '../../fields/TokyoDateTimeInput';
import { CategoriesField } from '../contractors/ContractorFields';
import { ReportableField, ReportDeadlineField } from './LeakFields';
import { LeakReportButtons } from './LeakReportButtons';

/** What PPC rules art. 8 asks a report to say besides the summary, items and number of people. */
const REPORT_TEXTS = ['cause', 'secondaryHarm', 'responseToPeople', 'publication', 'prevention', 'otherNotes'] as const;

/** What happened, what it touched, and the reports made; the server derives whether and by when it must be reported. */
function LeakIncidentForm() {
  const translate = useTranslate();
  return (
    <SimpleForm defaultValues={{ discoveredAt: new Date().toISOString(), peopleAffected: 0 }}>
      <TextInput source="title" validate={required()} fullWidth helperText="mamori.leak.noPersonalData" />
      <TextInput source="summary" multiline minRows={3} fullWidth helperText="mamori.leak.noPersonalData" />
      <TokyoDateTimeInput source="discoveredAt" validate={required()} helperText="mamori.leak.deadlinesFrom" />
      <TokyoDateTimeInput source="occurredAt" />
      <SelectArrayInput source="dataCategories" choices={categoryChoices()} />
      <NumberInput source="peopleAffected" min={0} step={1} validate={required()} />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 3 }} aria-label={translate('mamori.leak.circumstances')}>
        <BooleanInput source="involvesCardData" />
        <BooleanInput source="involvesSensitiveData" />
        <BooleanInput source="maliciousIntent" />
        <BooleanInput source="financialHarmPossible" />
      </Box>
      {REPORT_TEXTS.map((f) => <TextInput key={f} source={f} multiline minRows={2} fullWidth helperText="mamori.leak.noPersonalData" />)}
      <BooleanInput source="publicNoticeInstead" />
      <TokyoDateTimeInput source="preliminaryReportedAt" />
      <TokyoDateTimeInput source="finalReportedAt" />
      <TokyoDateTimeInput source="peopleNotifiedAt" />
      <NumberInput source="peopleNotifiedCount" min={0} step={1} />
    </SimpleForm>
  );
}

export function LeakIncidentCreate() {
  return <Create redirect="show"><LeakIncidentForm /></Create>;
}

export function LeakIncidentEdit() {
  return <Edit mutationMode="pessimistic" redirect="show"><LeakIncidentForm /></Edit>;
}

export function LeakIncidentShow() {
  return (
    <Show actions={<TopToolbar><LeakReportButtons /><EditButton /></TopToolbar>}>
      <Box sx={{ p: 2, display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' }, gap: 2 }}>
        <Labeled source="title"><TextField source="title" /></Labeled>
        <Labeled source="discoveredAt"><TokyoDateField source="discoveredAt" /></Labeled>
        <Labeled source="occurredAt"><TokyoDateField source="occurredAt" /></Labeled>
        <Labeled source="reportable"><ReportableField /></Labeled>
        <Labeled source="preliminaryReportDue"><ReportDeadlineField report="preliminary" /></Labeled>
        <Labeled source="finalReportDue"><ReportDeadlineField report="final" /></Labeled>
        <Labeled source="peopleAffected"><NumberField source="peopleAffected" locales="ja-JP" /></Labeled>
        <Labeled source="dataCategories"><CategoriesField source="dataCategories" /></Labeled>
        <Labeled source="involvesCardData"><BooleanField source="involvesCardData" /></Labeled>
        <Labeled source="involvesSensitiveData"><BooleanField source="involvesSensitiveData" /></Labeled>
        <Labeled source="maliciousIntent"><BooleanField source="maliciousIntent" /></Labeled>
        <Labeled source="financialHarmPossible"><BooleanField source="financialHarmPossible" /></Labeled>
        <Labeled source="peopleNotifiedAt"><TokyoDateField source="peopleNotifiedAt" /></Labeled>
        <Labeled source="peopleNotifiedCount"><NumberField source="peopleNotifiedCount" /></Labeled>
        <Labeled source="recordedById"><RefField source="recordedById" reference="Staff" optionText="name" link={false} /></Labeled>
        <Box sx={{ gridColumn: '1 / -1' }}>
          <Labeled source="summary"><TextField source="summary" sx={{ whiteSpace: 'pre-wrap' }} /></Labeled>
        </Box>
        {REPORT_TEXTS.map((f) => (
          <Box key={f} sx={{ gridColumn: '1 / -1' }}><Labeled source={f}><TextField source={f} sx={{ whiteSpace: 'pre-wrap' }} emptyText="—" /></Labeled></Box>
        ))}
        <Labeled source="publicNoticeInstead"><BooleanField source="publicNoticeInstead" /></Labeled>
      </Box>
    </Show>
  );
}
