import {
  Alert, Card, CardContent, Dialog, DialogActions, DialogContent, DialogTitle, Divider, Table, TableBody, TableCell, TableHead, TableRow,
  TextField, Typography,
} from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { Button, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { formatDate } from '../../fields/format';
import { apiErrorOf, type ApiError } from '../../providers/apiErrors';
import { type AcceptRule, activeAcceptRules, auditStaff, revokeAcceptRule, type StaffMember } from './triageApi';

function RevokeDialog({ rule, onClose, onDone }: { rule: AcceptRule; onClose: () => void; onDone: () => void }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async () => {
    try {
      await revokeAcceptRule(rule.id, reason);
      onDone();
    } catch (e) {
      setError(apiErrorOf(e, locale));
    }
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="revoke-rule-title" data-testid="revoke-rule">
      <DialogTitle id="revoke-rule-title">{translate('mamori.audit.ruleRevokeTitle')}</DialogTitle>
      <DialogContent sx={{ minWidth: 400 }}>
        {error && error.field !== 'reason' && <Alert severity="error">{error.message}</Alert>}
        <TextField
          autoFocus fullWidth multiline minRows={2} margin="dense" name="reason" required label={translate('mamori.audit.ruleRevokeReason')}
          value={reason} onChange={(e) => setReason(e.target.value)} error={error?.field === 'reason'} helperText={error?.field === 'reason' ? error.message : undefined}
        />
      </DialogContent>
      <DialogActions>
        <Button label="ra.action.cancel" onClick={onClose} />
        <Button label="mamori.audit.ruleRevoke" variant="contained" color="error" onClick={submit} disabled={!reason.trim()} />
      </DialogActions>
    </Dialog>
  );
}

/**
 * The accept rules in force (they apply to every audit): what pattern each accepts, until when, why, and
 * who made it; revocable by whoever may work findings. `version` changes when a rule was made elsewhere.
 */
export function AcceptRulesCard({ canWork, version, onChanged }: { canWork: boolean; version: number; onChanged: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [rules, setRules] = useState<AcceptRule[] | null>(null);
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [revoking, setRevoking] = useState<AcceptRule | null>(null);
  const load = useCallback(() => {
    activeAcceptRules().then(setRules, (e: unknown) => notify(e instanceof Error ? e.message : String(e), { type: 'error' }));
  }, [notify]);
  useEffect(load, [load, version]);
  useEffect(() => { auditStaff().then(setStaff, () => setStaff([])); }, []);
  const name = (id: string | null) => (id ? staff.find((s) => s.id === id)?.name ?? `#${id}` : null);
  const scope = (r: AcceptRule) => [
    r.staffId && translate('mamori.audit.ruleStaff', { name: name(r.staffId) }),
    r.role && translate('mamori.audit.ruleRole', { name: translate(`mamori.roles.${r.role}`, { _: r.role }) }),
    r.purpose && translate('mamori.audit.rulePurpose', { name: translate(`mamori.purposes.${r.purpose}`, { _: r.purpose }) }),
    r.contractorId && translate('mamori.audit.ruleContractor', { name: `#${r.contractorId}` }),
  ].filter(Boolean).join('、');
  return (
    <Card variant="outlined" sx={{ m: 2 }} data-testid="accept-rules">
      <CardContent>
        <Typography variant="subtitle1">{translate('mamori.audit.rules')}</Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>{translate('mamori.audit.rulesHelp')}</Typography>
        <Divider sx={{ mb: 1 }} />
        {rules && rules.length === 0 && <Typography variant="body2">{translate('mamori.audit.noRules')}</Typography>}
        {rules && rules.length > 0 && (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('mamori.audit.ruleCode')}</TableCell>
                <TableCell>{translate('mamori.audit.ruleScope')}</TableCell>
                <TableCell>{translate('mamori.audit.rulePeriod')}</TableCell>
                <TableCell>{translate('mamori.audit.ruleReason')}</TableCell>
                {canWork && <TableCell />}
              </TableRow>
            </TableHead>
            <TableBody>
              {rules.map((r) => (
                <TableRow key={r.id} data-rule={r.id} sx={{ verticalAlign: 'top' }}>
                  <TableCell>{`#${r.id} ${translate(`mamori.enums.findingCode.${r.code}`, { _: r.code })}`}</TableCell>
                  <TableCell>{scope(r)}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{`${formatDate(r.validFrom)} 〜 ${formatDate(r.validUntil)}`}</TableCell>
                  <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{`${r.reason}（${name(r.createdById)}）`}</TableCell>
                  {canWork && (
                    <TableCell><Button label="mamori.audit.ruleRevoke" size="small" color="error" onClick={() => setRevoking(r)} /></TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {revoking && (
          <RevokeDialog
            rule={revoking}
            onClose={() => setRevoking(null)}
            onDone={() => { setRevoking(null); notify('mamori.audit.ruleRevoked', { type: 'success' }); load(); onChanged(); }}
          />
        )}
      </CardContent>
    </Card>
  );
}
