import { Box, Card, CardContent, Divider, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import {
  BooleanField, Labeled, SelectField, Show, TextField, useCanAccess, useRecordContext, useTranslate,
} from 'react-admin';
import { enumChoices } from '../../choices';
import { DueDateField } from '../../fields/DueDateField';
import { EnumChip } from '../../fields/EnumChip';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { MaskedField } from '../../fields/MaskedField';
import { RefField } from '../../fields/RefField';
import { DisclosureDownload } from './DisclosureDownload';
import { ErasureApproval, ErasureDetails } from './ErasureApproval';
import { FulfilmentPanel } from './FulfilmentPanel';
import { LetterButtons } from './LetterButtons';
import { holdTicket, useHeldTicket } from './disclosureTickets';
import { RequestOutcome } from './RequestOutcome';
import { RequestWorkflow } from './RequestWorkflow';

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ mb: 2 }} data-testid={testId}>
      <CardContent>
        <Typography variant="subtitle1" gutterBottom>{translate(title)}</Typography>
        <Divider sx={{ mb: 2 }} />
        {children}
      </CardContent>
    </Card>
  );
}

function RequestDetails() {
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' }, gap: 2 }}>
      <Labeled source="kind"><SelectField source="kind" choices={enumChoices('privacyRequestKind')} /></Labeled>
      <Labeled source="status"><EnumChip source="status" enumName="privacyRequestStatus" /></Labeled>
      <Labeled source="customerId"><RefField source="customerId" reference="Customer" optionText="customerNumber" /></Labeled>
      <Labeled source="receivedAt"><TokyoDateField source="receivedAt" /></Labeled>
      <Labeled source="dueAt"><DueDateField source="dueAt" /></Labeled>
      <Labeled source="completedAt"><TokyoDateField source="completedAt" /></Labeled>
      <Labeled source="requesterKind"><SelectField source="requesterKind" choices={enumChoices('requesterKind')} /></Labeled>
      <Labeled source="requesterName"><MaskedField source="requesterName" /></Labeled>
      <Labeled source="authorityDocument"><SelectField source="authorityDocument" choices={enumChoices('authorityDocument')} /></Labeled>
      <Labeled source="identityCheck"><SelectField source="identityCheck" choices={enumChoices('identityCheck')} /></Labeled>
      <Labeled source="identityVerifiedAt"><TokyoDateField source="identityVerifiedAt" /></Labeled>
      <Labeled source="liftStop"><BooleanField source="liftStop" /></Labeled>
      <Labeled source="handledById"><RefField source="handledById" reference="Staff" optionText="name" link={false} /></Labeled>
      <Labeled source="refusalReason"><TextField source="refusalReason" /></Labeled>
    </Box>
  );
}

/**
 * The handling of the request. The disclosure file is offered apart from the panels that come and go
 * with the status: once fulfilled the request is COMPLETED, and the one download must still be offered.
 */
function RequestHandling() {
  const record = useRecordContext();
  const { canAccess: mayHandle } = useCanAccess({ resource: 'PrivacyRequest', action: 'edit' });
  const requestId = String(record?.id ?? '');
  const held = useHeldTicket(requestId);
  if (!record) return null;
  return (
    <Box sx={{ width: '100%' }}>
      <Section title="mamori.privacyRequest.progress"><RequestWorkflow key={requestId} /></Section>
      {mayHandle && record.status === 'IN_PROGRESS' && (
        <Section title="mamori.privacyRequest.fulfil">
          <FulfilmentPanel key={requestId} onTicket={(ticket) => holdTicket(requestId, ticket)} />
        </Section>
      )}
      {record.status === 'AWAITING_APPROVAL' && (
        <Section title="mamori.privacyRequest.approval" testId="approval-section"><ErasureApproval key={requestId} /></Section>
      )}
      {held && (
        <Section title="mamori.disclosure.title" testId="disclosure-section">
          <DisclosureDownload requestId={requestId} held={held} />
        </Section>
      )}
      {record.status === 'COMPLETED' && (
        <Section title="mamori.privacyRequest.outcome" testId="outcome-section"><ErasureDetails /><RequestOutcome /></Section>
      )}
      {mayHandle && <Section title="mamori.privacyRequest.letters" testId="letters-section"><LetterButtons /></Section>}
      <Section title="mamori.privacyRequest.details"><RequestDetails /></Section>
    </Box>
  );
}

function RequestTitle() {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return <>{`${translate('resources.PrivacyRequest.name', { smart_count: 1 })} #${record.id} ${translate(`mamori.enums.privacyRequestKind.${record.kind}`)}`}</>;
}

/** One request (【11】): its progress, the action its kind needs, and what was done. */
export function PrivacyRequestShow() {
  return (
    <Show title={<RequestTitle />} sx={{ '& .RaShow-card': { bgcolor: 'transparent', boxShadow: 'none' } }}>
      <RequestHandling />
    </Show>
  );
}
