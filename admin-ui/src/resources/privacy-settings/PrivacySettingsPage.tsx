import {
  Alert, Box, Button, Card, CardContent, Chip, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography,
} from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { Title, useLocale } from 'react-admin';
import { apiErrorOf } from '../../providers/apiErrors';
import { ENTITY_TYPES, LABELS, REQUEST_KINDS_JA } from './labels';
import { LiveRetentionCard } from './LiveRetentionCard';
import * as api from './settingsApi';

const KINDS = ['MEDICAL', 'ALLERGY', 'DISABILITY', 'PREGNANCY', 'CREED', 'CRIMINAL_RECORD', 'SOCIAL_STATUS'];

/** The privacy manager's legal settings: retention (tax and company law), request fees (art. 38), the sensitive term list. */
export function PrivacySettingsPage() {
  const locale = useLocale();
  const L = LABELS[locale === 'en' ? 'en' : 'ja'];
  const [data, setData] = useState<Awaited<ReturnType<typeof api.loadAll>> | null>(null);
  const [legal, setLegal] = useState({ fiscalYearEnd: '', entityType: 'GODO_KAISHA', loss: '', months: '2', trail: '36' });
  const [fees, setFees] = useState<Record<string, string>>({});
  const [term, setTerm] = useState({ term: '', kind: 'MEDICAL' });
  const [message, setMessage] = useState<{ ok: boolean; text: string; section: string } | null>(null);

  const reload = useCallback(async () => {
    const all = await api.loadAll();
    setData(all);
    setLegal({ fiscalYearEnd: all.legal.fiscalYearEnd, entityType: all.legal.entityType, loss: all.legal.lossFiscalYears.join(', '), months: String(all.legal.filingDeadlineMonths), trail: String(all.legal.trailRetentionMonths) });
    setFees(Object.fromEntries(all.fees.map((f) => [f.kind, String(f.feeYen)])));
  }, []);
  useEffect(() => { reload().catch((e) => setMessage({ ok: false, text: apiErrorOf(e, locale).message, section: 'load' })); }, [reload, locale]);

  const run = (section: string, action: () => Promise<string | void>) => async () => {
    try {
      const text = await action();
      await reload();
      setMessage({ ok: true, text: text || L.saved, section });
    } catch (e) {
      setMessage({ ok: false, text: apiErrorOf(e, locale).message, section });
    }
  };
  const note = (section: string) => (message?.section === section
    ? <Alert severity={message.ok ? 'success' : 'error'} sx={{ mt: 1 }} data-testid={`settings-${section}-message`}>{message.text}</Alert> : null);

  if (!data) return <Box sx={{ p: 2 }}><Title title={L.title} />{note('load')}</Box>;
  return (
    <Stack spacing={2} sx={{ p: 2, maxWidth: 1100 }}>
      <Title title={L.title} />
      <Card variant="outlined" data-testid="settings-retention">
        <CardContent>
          <Typography variant="h6">{L.retention}</Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>{L.retentionHelp}</Typography>
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(4, 1fr)' }, gap: 2 }}>
            <TextField label={L.fiscalYearEnd} value={legal.fiscalYearEnd} onChange={(e) => setLegal({ ...legal, fiscalYearEnd: e.target.value })} size="small" />
            <TextField select label={L.entityType} value={legal.entityType} onChange={(e) => setLegal({ ...legal, entityType: e.target.value })} size="small">
              {Object.entries(ENTITY_TYPES).map(([k, v]) => <MenuItem key={k} value={k}>{v}</MenuItem>)}
            </TextField>
            <TextField label={L.lossFiscalYears} value={legal.loss} onChange={(e) => setLegal({ ...legal, loss: e.target.value })} size="small" />
            <TextField label={L.filingDeadlineMonths} type="number" value={legal.months} onChange={(e) => setLegal({ ...legal, months: e.target.value })} size="small" />
            <TextField label={L.trailRetentionMonths} type="number" value={legal.trail} onChange={(e) => setLegal({ ...legal, trail: e.target.value })} size="small" />
          </Box>
          <Button variant="contained" sx={{ mt: 2 }} onClick={run('retention', () => api.saveLegal({
            fiscalYearEnd: legal.fiscalYearEnd.trim(), entityType: legal.entityType, filingDeadlineMonths: Number(legal.months), trailRetentionMonths: Number(legal.trail),
            lossFiscalYears: legal.loss.split(/[,、\s]+/).filter(Boolean).map(Number),
          }))}>{L.save}</Button>
          {note('retention')}
          <Table size="small" sx={{ mt: 2 }}>
            <TableHead><TableRow><TableCell>{L.law}</TableCell><TableCell>{L.start}</TableCell><TableCell>{L.years}</TableCell><TableCell>{L.applies}</TableCell></TableRow></TableHead>
            <TableBody>
              {data.legal.rules.map((r) => (
                <TableRow key={r.id} sx={{ opacity: r.applies ? 1 : 0.5 }}>
                  <TableCell>{r.law}</TableCell><TableCell>{r.startLabel}</TableCell>
                  <TableCell>{r.years}{r.lossYears ? ` (${r.lossYears})` : ''}</TableCell><TableCell>{r.applies ? '○' : '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>

      <LiveRetentionCard />

      <Card variant="outlined" data-testid="settings-fees">
        <CardContent>
          <Typography variant="h6">{L.fees}</Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>{L.feesHelp}</Typography>
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' }, gap: 2 }}>
            {data.fees.map((f) => (
              <TextField key={f.kind} label={`${REQUEST_KINDS_JA[f.kind] ?? f.kind}(${L.yen})`} type="number" size="small" disabled={!f.chargeable}
                value={fees[f.kind] ?? '0'} onChange={(e) => setFees({ ...fees, [f.kind]: e.target.value })} />
            ))}
          </Box>
          <Button variant="contained" sx={{ mt: 2 }} onClick={run('fees', () => api.saveFees(data.fees.filter((f) => f.chargeable)
            .map((f) => ({ kind: f.kind, feeYen: Number(fees[f.kind] ?? 0) }))))}>{L.save}</Button>
          {note('fees')}
        </CardContent>
      </Card>

      <Card variant="outlined" data-testid="settings-terms">
        <CardContent>
          <Typography variant="h6">{L.terms}</Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>{L.termsHelp}</Typography>
          <Typography variant="subtitle2">{L.ownTerms}</Typography>
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, my: 1 }} data-testid="settings-own-terms">
            {data.terms.filter((t) => !t.builtIn).length === 0 && <Typography variant="body2">{L.noOwnTerms}</Typography>}
            {data.terms.filter((t) => !t.builtIn).map((t) => (
              <Chip key={t.id} label={`${t.term}(${t.kindLabel})`} onDelete={run('terms', () => api.removeTerm(t.id!))} />
            ))}
          </Box>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ my: 1 }}>
            <TextField label={L.term} size="small" value={term.term} onChange={(e) => setTerm({ ...term, term: e.target.value })} />
            <TextField select label={L.kind} size="small" value={term.kind} onChange={(e) => setTerm({ ...term, kind: e.target.value })} sx={{ minWidth: 200 }}>
              {KINDS.map((k) => <MenuItem key={k} value={k}>{data.terms.find((t) => t.kind === k)?.kindLabel ?? k}</MenuItem>)}
            </TextField>
            <Button variant="contained" onClick={run('terms', async () => { await api.addTerm(term.term, term.kind); setTerm({ ...term, term: '' }); })}>{L.add}</Button>
            <Button variant="outlined" onClick={run('terms', async () => {
              const r = await api.sweep();
              return L.swept.replace('%{c}', String(r.customers)).replace('%{i}', String(r.interactions));
            })}>{L.sweep}</Button>
          </Stack>
          {note('terms')}
          <Typography variant="subtitle2" sx={{ mt: 2 }}>{L.builtIn}</Typography>
          <Typography variant="body2" color="text.secondary">
            {data.terms.filter((t) => t.builtIn).map((t) => t.term).join('、')}
          </Typography>
        </CardContent>
      </Card>
    </Stack>
  );
}
