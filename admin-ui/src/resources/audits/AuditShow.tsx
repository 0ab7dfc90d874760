import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import DownloadIcon from '@mui/icons-material/Download';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { Box, Card, CardContent, Chip, Divider, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import {
  Button, EditButton, Labeled, Show, TextField, TopToolbar, useCanAccess, useLocale, useNotify, useRecordContext, useRefresh,
  useTranslate,
} from 'react-admin';
import { EnumChip } from '../../fields/EnumChip';
import { TokyoDateField } from '../../fields/JapaneseFields';
import { RefField } from '../../fields/RefField';
import { apiErrorOf } from '../../providers/apiErrors';
import { downloadAuditCsv, openAuditReport, runAudit } from './auditApi';
import { AcceptRulesCard } from './AcceptRulesCard';
import { FindingsTable, type Finding } from './FindingsTable';

const FINAL = ['COMPLETED', 'CANCELLED'];

/** Runs the audit, exports it; each action reports what went wrong in the user's language. */
function AuditActions() {
  const record = useRecordContext();
  const notify = useNotify();
  const refresh = useRefresh();
  const locale = useLocale();
  const { canAccess: mayRun } = useCanAccess({ resource: 'Audit', action: 'edit' });
  const [busy, setBusy] = useState<string | null>(null);
  if (!record) return <TopToolbar />;
  const act = (name: string, call: () => Promise<unknown>, done?: string) => async () => {
    setBusy(name);
    try {
      await call();
      if (done) notify(done, { type: 'success' });
    } catch (error) {
      notify(apiErrorOf(error, locale).message, { type: 'error' });
    } finally {
      setBusy(null);
    }
  };
  const id = String(record.id);
  return (
    <TopToolbar>
      {mayRun && !FINAL.includes(record.status) && (
        <Button
          label={busy === 'run' ? 'mamori.audit.running' : 'mamori.audit.run'}
          variant="contained"
          disabled={busy !== null}
          onClick={act('run', async () => { await runAudit(id); refresh(); }, 'mamori.audit.ran')}
        >
          <PlayArrowIcon />
        </Button>
      )}
      <Button label="mamori.audit.exportCsv" disabled={busy !== null || !record.lastRunAt} onClick={act('csv', () => downloadAuditCsv(id))}>
        <DownloadIcon />
      </Button>
      <Button label="mamori.audit.exportHtml" disabled={busy !== null || !record.lastRunAt} onClick={act('html', () => openAuditReport(id))}>
        <OpenInNewIcon />
      </Button>
      {!FINAL.includes(record.status) && <EditButton />}
    </TopToolbar>
  );
}

function ListOf({ source, prefix }: { source: string; prefix: string; label?: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const values = (record?.[source] ?? []) as string[];
  if (values.length === 0) return <Typography variant="body2">{translate('mamori.audit.all')}</Typography>;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {values.map((v) => <Chip key={v} size="small" label={translate(`${prefix}.${v}`, { _: v })} />)}
    </Stack>
  );
}

function AuditBody() {
  const record = useRecordContext();
  const translate = useTranslate();
  const refresh = useRefresh();
  const { canAccess: mayWork } = useCanAccess({ resource: 'Audit', action: 'edit' });
  // A rule made from a finding changes the rules listed: the card reloads when this moves.
  const [version, setVersion] = useState(0);
  if (!record) return null;
  const canWork = Boolean(mayWork) && record.status !== 'CANCELLED';
  const changed = () => { setVersion((v) => v + 1); refresh(); };
  return (
    <Box sx={{ width: '100%' }}>
      <Box sx={{ p: 2, display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(4, 1fr)' }, gap: 2 }}>
        <Labeled source="title"><TextField source="title" /></Labeled>
        <Labeled source="status"><EnumChip source="status" enumName="auditStatus" /></Labeled>
        <Labeled source="periodFrom"><TokyoDateField source="periodFrom" showTime={false} /></Labeled>
        <Labeled source="periodTo"><TokyoDateField source="periodTo" showTime={false} /></Labeled>
        <Labeled source="auditorId"><RefField source="auditorId" reference="Staff" optionText="name" link={false} /></Labeled>
        <Labeled source="plannedDate"><TokyoDateField source="plannedDate" showTime={false} /></Labeled>
        <Labeled source="lastRunAt"><TokyoDateField source="lastRunAt" /></Labeled>
        <Labeled source="completedAt"><TokyoDateField source="completedAt" /></Labeled>
        <Labeled source="roles"><ListOf source="roles" prefix="mamori.roles" /></Labeled>
        <Labeled source="purposes"><ListOf source="purposes" prefix="mamori.purposes" /></Labeled>
        <Box sx={{ gridColumn: { md: 'span 2' } }}>
          <Labeled source="conclusion"><TextField source="conclusion" sx={{ whiteSpace: 'pre-wrap' }} emptyText="—" /></Labeled>
        </Box>
      </Box>
      <Card variant="outlined" sx={{ m: 2 }}>
        <CardContent>
          <Typography variant="subtitle1" gutterBottom>
            {translate('mamori.audit.findings', { smart_count: record.findingCount ?? 0 })}
          </Typography>
          <Divider sx={{ mb: 2 }} />
          {record.lastRunAt
            ? <FindingsTable findings={(record.findings ?? []) as Finding[]} canWork={canWork} onChanged={changed} />
            : <Typography variant="body2">{translate('mamori.audit.notRun')}</Typography>}
        </CardContent>
      </Card>
      <AcceptRulesCard canWork={canWork} version={version} onChanged={refresh} />
    </Box>
  );
}

/** One audit: its scope, the run, findings with severity and evidence, exports, and the conclusion. */
export function AuditShow() {
  return (
    <Show actions={<AuditActions />}>
      <AuditBody />
    </Show>
  );
}
