import DownloadIcon from '@mui/icons-material/GetApp';
import { Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress, Typography } from '@mui/material';
import { useRef, useState } from 'react';
import {
  Button, useCanAccess, useDataProvider, useListContext, useNotify, usePermissions, useTranslate,
} from 'react-admin';
import { canAccessResource, policyResourceOf, type Permissions } from '../access';
import { toTokyoLocal } from '../fields/format';
import { getPurpose } from '../providers/session';
import { selecting } from '../fields/selection';
import { carriesMasking, cellOf, headerOf, maskedColumnOf, referencesNeeded, type ExportColumn } from './columns';
import { ExportReasonDialog, type ExportRequest } from './ExportReasonDialog';
import { toCsv } from './csv';
import { fetchAllPages, fetchReferences, type ExportProgress } from './fetchAllPages';
import { saveBlob } from './saveFile';

/** `20261125-1030`, in Tokyo time like every time on screen. */
const stamp = (d: Date) => toTokyoLocal(d).replace(/-/g, '').replace('T', '-').replace(':', '');

const download = (text: string, filename: string) => saveBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), filename);

/**
 * The list's export (react-admin's ExportButton, reworked): after a reason is given and the export
 * recorded within the policy's cap (ExportReasonDialog), every row matching the current filter and
 * sort, read page by page (500 a page) with a progress dialog that can cancel, written as CSV with a
 * BOM and Japanese headers. The file holds the columns the list shows (`fields`), and only those are
 * read. Values are what the API served under the declared purpose: a masked value stays masked.
 */
export function CsvExportButton({ columns: declared, fields }: { columns: readonly ExportColumn[]; fields?: readonly string[] }) {
  const { resource, sort, filter, filterValues, total } = useListContext();
  const { canAccess } = useCanAccess({ resource, action: 'export' });
  const dataProvider = useDataProvider();
  const translate = useTranslate();
  const notify = useNotify();
  const { permissions } = usePermissions<Permissions>();
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [request, setRequest] = useState<ExportRequest | null>(null);
  const columns = fields ? declared.filter((c) => fields.includes(c.source)) : declared;
  const running = useRef<AbortController | null>(null);

  if (!canAccess) return null;

  // The dialog closes at once; the page being read is aborted and nothing after it is written.
  const cancel = () => {
    running.current?.abort();
    running.current = null;
    setProgress(null);
  };

  const run = async () => {
    const controller = new AbortController();
    running.current = controller;
    setProgress({ loaded: 0, total: total ?? 0 });
    // One file, one purpose: rows read under two purposes are not mixed (each request sends the purpose declared then).
    const purpose = getPurpose();
    const onPage = (p: ExportProgress) => {
      if (getPurpose() !== purpose) {
        notify('mamori.export.purpose_changed', { type: 'warning' });
        cancel();
      } else if (!controller.signal.aborted) setProgress(p);
    };
    try {
      const records = await fetchAllPages(
        dataProvider, resource, { sort, filter: { ...filterValues, ...filter }, ...selecting(columns.map((c) => c.source)) }, onPage, controller.signal,
      );
      // Names instead of ids, for the resources this role may read (only their label field is asked for).
      const needs = Object.fromEntries(Object.entries(referencesNeeded(records, columns))
        .filter(([reference]) => canAccessResource(permissions, reference, 'show', purpose)));
      const references = await fetchReferences(dataProvider, needs).catch(() => ({}));
      controller.signal.throwIfAborted();
      // Personal records end with a column naming what was masked or hidden in the row (never mistaken for clear or empty).
      const masked = carriesMasking(records) ? maskedColumnOf(resource, columns, translate) : null;
      const header = [...headerOf(resource, columns, translate), ...(masked ? [masked.header] : [])];
      const csv = toCsv(header, records.map((r) => [...columns.map((c) => cellOf(r, c, translate, references)), ...(masked ? [masked.cell(r)] : [])]));
      const label = translate(`resources.${resource}.name`, { smart_count: 2, _: resource });
      download(csv, `${label}_${purpose ?? 'NO_PURPOSE'}_${stamp(new Date())}.csv`);
      notify('mamori.export.done', { type: 'success', messageArgs: { smart_count: records.length } });
    } catch {
      if (!controller.signal.aborted) notify('mamori.export.failed', { type: 'error' });
    } finally {
      if (running.current === controller) {
        running.current = null;
        setProgress(null);
      }
    }
  };

  const percent = progress && progress.total > 0 ? Math.round((100 * progress.loaded) / progress.total) : 0;
  return (
    <>
      <Button
        label="mamori.export.button"
        onClick={() => setRequest({ resource: policyResourceOf(resource), rows: total ?? 0, columns: columns.length, filter: { ...filterValues, ...filter } })}
        disabled={!total || columns.length === 0 || progress !== null}
      >
        <DownloadIcon />
      </Button>
      <ExportReasonDialog
        request={request}
        onCancel={() => setRequest(null)}
        onRecorded={() => { setRequest(null); void run(); }}
      />
      <Dialog open={progress !== null} aria-labelledby="export-progress-title" data-testid="export-progress">
        <DialogTitle id="export-progress-title">{translate('mamori.export.title')}</DialogTitle>
        <DialogContent sx={{ minWidth: 360 }}>
          {/* Indeterminate until the first page says how many rows there are. */}
          <LinearProgress
            variant={progress && progress.loaded > 0 ? 'determinate' : 'indeterminate'}
            value={percent}
            aria-label={translate('mamori.export.title')}
          />
          <Typography variant="body2" sx={{ mt: 1 }}>
            {translate('mamori.export.progress', {
              loaded: (progress?.loaded ?? 0).toLocaleString('ja-JP'),
              total: (progress?.total ?? 0).toLocaleString('ja-JP'),
            })}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={cancel} />
        </DialogActions>
      </Dialog>
    </>
  );
}
