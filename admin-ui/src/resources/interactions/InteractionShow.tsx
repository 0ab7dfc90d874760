import { Typography } from '@mui/material';
import { SelectField, Show, SimpleShowLayout, useRecordContext, useTranslate } from 'react-admin';
import { RefField } from '../../fields/RefField';
import { enumChoices } from '../../choices';
import { formatDuration } from '../../fields/format';
import { MaskedField } from '../../fields/MaskedField';
import { isMaskedIn } from '../../fields/masking';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { ComplainantPanel } from '../complaints/ComplainantPanel';

/**
 * The call recording (interaction.recording): its own category and access rule (【4】※3). The
 * storage key is shown only as "recorded"; playback needs an endpoint the server does not have yet.
 * TODO(server): a signed playback URL field, recorded in the access trail when used.
 */
function RecordingField({ source }: { source: string; label?: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  if (isMaskedIn(record, source) || !record[source]) return <MaskedField source={source} />;
  const duration = formatDuration(record.recordingDurationSec);
  return <Typography variant="body2">{translate('mamori.recording.present', { duration })}</Typography>;
}

export function InteractionShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TokyoDateField source="occurredAt" />
        <RefField source="customerId" reference="Customer" optionText="customerNumber" />
        <ComplainantPanel />
        <RefField source="orderId" reference="Order" optionText="orderNumber" />
        <SelectField source="channel" choices={enumChoices('channel')} />
        <SelectField source="direction" choices={enumChoices('direction')} />
        <SelectField source="kind" choices={enumChoices('interactionKind')} />
        <RefField source="staffId" reference="Staff" optionText="name" link={false} />
        <MaskedField source="summary" />
        <MaskedField source="transcript" sx={{ whiteSpace: 'pre-wrap' }} />
        <RecordingField source="recordingKey" />
      </SimpleShowLayout>
    </Show>
  );
}
