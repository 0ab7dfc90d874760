import SearchIcon from '@mui/icons-material/ManageSearch';
import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Button, Link, RecordContextProvider, useGetManyReference, useRecordContext, useTranslate, type RaRecord,
} from 'react-admin';
import { formatDate, formatTime } from '../../fields/format';
import { FieldChips, StaffNameField } from '../audit/TrailFields';
import type { TabContentProps } from './tabContent';

const PAGE = 50;
/** The server's largest page; beyond it the trail explorer pages further. */
const MAX = 500;

function byDay(events: readonly RaRecord[]): Array<[string, RaRecord[]]> {
  const days = new Map<string, RaRecord[]>();
  for (const event of events) {
    const day = formatDate(event.at);
    days.set(day, [...(days.get(day) ?? []), event]);
  }
  return [...days];
}

function TimelineEntry({ event }: { event: RaRecord }) {
  const translate = useTranslate();
  const clear = (event.clearFieldsRead ?? []) as string[];
  return (
    <RecordContextProvider value={event}>
      <Box
        component="li"
        sx={{
          position: 'relative', listStyle: 'none', pl: 3, pb: 1.5,
          // The dot on the timeline: orange when something was read in clear.
          '&::before': {
            content: '""', position: 'absolute', left: -6, top: 6, width: 10, height: 10, borderRadius: '50%',
            bgcolor: clear.length > 0 ? 'warning.main' : 'grey.400',
          },
        }}
        data-testid="access-timeline-entry"
      >
        <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'baseline', flexWrap: 'wrap' }}>
          <Typography variant="body2" sx={{ fontVariantNumeric: 'tabular-nums' }}>{formatTime(event.at)}</Typography>
          <Typography variant="body2" sx={{ fontWeight: 600 }}><StaffNameField /></Typography>
          {event.role && <Chip size="small" label={translate(`mamori.roles.${event.role}`, { _: event.role })} />}
          {event.purpose && (
            <Typography variant="body2" color="text.secondary">
              {translate(`mamori.purposes.${event.purpose}`, { _: event.purpose })}
            </Typography>
          )}
          {event.operation && <Typography variant="caption" color="text.secondary">{event.operation}</Typography>}
        </Stack>
        <Box sx={{ mt: 0.5 }}><FieldChips clear={clear} masked={event.maskedFieldsRead ?? []} /></Box>
      </Box>
    </RecordContextProvider>
  );
}

/**
 * The アクセス履歴 tab: this customer's access trail as a timeline, newest first, day by day: who
 * read what, under which purpose, in clear (orange) or masked. Links to the explorer for more.
 */
export function CustomerAccessTimeline(_props: TabContentProps) {
  const record = useRecordContext();
  const translate = useTranslate();
  const [perPage, setPerPage] = useState(PAGE);
  const { data = [], total = 0, isPending, isFetching, error } = useGetManyReference(
    'AccessEvent',
    { target: 'customerId', id: record?.id, pagination: { page: 1, perPage }, sort: { field: 'at', order: 'DESC' } },
    { enabled: Boolean(record?.id), retry: false, placeholderData: keepPreviousData },
  );
  if (!record) return null;
  if (error) return <Alert severity="warning">{translate('mamori.trail.timeline.unavailable')}</Alert>;
  const explorer = `/AccessEvent?filter=${encodeURIComponent(JSON.stringify({ customerId: String(record.id) }))}`;

  return (
    <Box sx={{ width: '100%' }} data-testid="access-timeline">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="body2" color="text.secondary">
          {isPending ? '' : translate('mamori.trail.timeline.count', { smart_count: total })}
        </Typography>
        <Link to={explorer}>
          <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
            <SearchIcon fontSize="small" />
            <span>{translate('mamori.trail.timeline.explore')}</span>
          </Stack>
        </Link>
      </Stack>
      {!isPending && data.length === 0 && (
        <Typography variant="body2">{translate('mamori.trail.timeline.none')}</Typography>
      )}
      {byDay(data).map(([day, events]) => (
        <Box key={day} component="section" sx={{ mb: 1 }}>
          <Typography variant="subtitle2" sx={{ mb: 1 }}>{day}</Typography>
          <Box component="ol" sx={{ m: 0, ml: 1, p: 0, borderLeft: 2, borderColor: 'divider' }}>
            {events.map((event) => <TimelineEntry key={event.id} event={event} />)}
          </Box>
        </Box>
      ))}
      {data.length < total && perPage < MAX && (
        <Button
          label="mamori.trail.timeline.more"
          onClick={() => setPerPage((n) => Math.min(n + PAGE, MAX))}
          disabled={isFetching}
        />
      )}
    </Box>
  );
}
