import { Alert, Button, Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { useLocale } from 'react-admin';
import { apiErrorOf } from '../../providers/apiErrors';
import * as api from './liveRetentionApi';

/** How far ahead "falls due soon" looks. */
const WINDOW_DAYS = 30;

const WORDS = {
  ja: {
    title: '利用中のデータの保存期間(個人情報保護法第22条)',
    help: '期間を過ぎたものは毎日の削除処理で消去されます。処理中の請求・未解決の苦情・回収中の債権がある方のデータは対象外です。',
    kind: 'データ', months: '保存期間(か月)', from: '起算', action: '期間を過ぎたら', dueNow: '期限到来', dueSoon: `${WINDOW_DAYS}日以内`, next: '次の期限',
    basis: '根拠', save: '保存', saved: '保存しました', sweep: '今すぐ削除処理を実行',
    unconfirmed: '保存期間がまだ保存されていないため、何も消去していません。期間を確認して「保存」してください。',
    swept: '実行しました: 録音 %{r} 件(音声ファイル %{f})・全文 %{t} 件・同意 %{c} 件・請求者連絡先 %{q} 件・苦情申出者連絡先 %{k} 件・同意の証跡 %{e} 件・休眠顧客 %{d} 名(残り %{l} 名)',
  },
  en: {
    title: 'Retention of live data (APPI art. 22)',
    help: 'What passes its period is erased by the daily sweep. Nothing of a person with a request in progress, an open complaint or a debt being collected.',
    kind: 'Data', months: 'Kept (months)', from: 'Counted from', action: 'When due', dueNow: 'Due now', dueSoon: `Within ${WINDOW_DAYS} days`, next: 'Next due',
    basis: 'Basis', save: 'Save', saved: 'Saved', sweep: 'Run the sweep now',
    unconfirmed: 'The periods have not been saved yet, so nothing was erased. Check them and press Save.',
    swept: 'Done: %{r} recordings (%{f} audio files), %{t} transcripts, %{c} consents, %{q} requester contacts, %{k} complainant contacts, %{e} consent evidence rows, %{d} dormant customers (%{l} left)',
  },
} as const;

/** The privacy manager's live-data retention schedule: the months per kind, what falls due next, and the sweep on demand. */
export function LiveRetentionCard() {
  const locale = useLocale();
  const W = WORDS[locale === 'en' ? 'en' : 'ja'];
  const [data, setData] = useState<Awaited<ReturnType<typeof api.loadLiveRetention>> | null>(null);
  const [months, setMonths] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const reload = useCallback(async () => {
    const loaded = await api.loadLiveRetention(WINDOW_DAYS);
    setData(loaded);
    setMonths(Object.fromEntries(loaded.periods.map((p) => [p.setting, String(p.months)])));
  }, []);
  useEffect(() => { reload().catch((e) => setMessage({ ok: false, text: apiErrorOf(e, locale).message })); }, [reload, locale]);

  const run = (action: () => Promise<string>) => async () => {
    try {
      const text = await action();
      await reload();
      setMessage({ ok: true, text });
    } catch (e) {
      setMessage({ ok: false, text: apiErrorOf(e, locale).message });
    }
  };
  const save = run(async () => {
    await api.saveLiveRetention(Object.fromEntries(Object.entries(months).map(([k, v]) => [k, Number(v)])));
    return W.saved;
  });
  const sweep = run(async () => {
    const r = await api.sweepLiveData();
    if (!r.confirmed) return W.unconfirmed;
    return W.swept.replace('%{r}', String(r.recordings)).replace('%{f}', String(r.recordingFiles)).replace('%{t}', String(r.transcripts))
      .replace('%{c}', String(r.consents)).replace('%{q}', String(r.requesterContacts)).replace('%{k}', String(r.complainantContacts)).replace('%{e}', String(r.consentEvidence)).replace('%{d}', String(r.dormantCustomers)).replace('%{l}', String(r.dormantLeft));
  });

  const due = new Map((data?.due ?? []).map((d) => [d.kind, d]));
  return (
    <Card variant="outlined" data-testid="settings-live-retention">
      <CardContent>
        <Typography variant="h6">{W.title}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>{W.help}</Typography>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{W.kind}</TableCell><TableCell>{W.months}</TableCell><TableCell>{W.from}</TableCell><TableCell>{W.action}</TableCell>
              <TableCell>{W.dueNow}</TableCell><TableCell>{W.dueSoon}</TableCell><TableCell>{W.next}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(data?.periods ?? []).map((p) => (
              <TableRow key={p.kind} data-testid={`live-retention-${p.kind}`}>
                <TableCell title={`${W.basis}: ${p.basis}`}>{p.label}</TableCell>
                <TableCell>
                  <TextField type="number" size="small" sx={{ width: 110 }} slotProps={{ htmlInput: { 'aria-label': `${p.label} ${W.months}` } }}
                    value={months[p.setting] ?? ''} onChange={(e) => setMonths({ ...months, [p.setting]: e.target.value })} />
                </TableCell>
                <TableCell>{p.countedFrom}</TableCell><TableCell>{p.action}</TableCell>
                <TableCell>{due.get(p.kind)?.dueNow ?? '—'}</TableCell><TableCell>{due.get(p.kind)?.dueWithin ?? '—'}</TableCell>
                <TableCell>{due.get(p.kind)?.nextDueAt ?? '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Stack direction="row" spacing={2} sx={{ mt: 2 }}>
          <Button variant="contained" onClick={save}>{W.save}</Button>
          <Button variant="outlined" onClick={sweep}>{W.sweep}</Button>
        </Stack>
        {message && <Alert severity={message.ok ? 'success' : 'error'} sx={{ mt: 1 }} data-testid="settings-live-retention-message">{message.text}</Alert>}
      </CardContent>
    </Card>
  );
}
