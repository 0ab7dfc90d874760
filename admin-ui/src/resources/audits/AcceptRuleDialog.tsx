import { Alert, Checkbox, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, FormControlLabel, FormGroup, TextField } from '@mui/material';
import { useState } from 'react';
import { Button, useLocaleState, useTranslate } from 'react-admin';
import { apiErrorOf, type ApiError } from '../../providers/apiErrors';
import type { Finding } from './FindingsTable';
import { createAcceptRule, type StaffMember } from './triageApi';

/** YYYY-MM-DD in Japan, `days` from today. */
function japanDay(days: number): string {
  return new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Accepts a finding's pattern as legitimate work until a day: its code, narrowed by the conditions the
 * finding names (staff member, role, purpose, contractor), each of which the user may drop. The server
 * refuses a rule naming nothing, longer than 366 days, or covering its maker's own work.
 */
export function AcceptRuleDialog({ finding, staff, onClose, onSaved }: {
  finding: Finding;
  staff: readonly StaffMember[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const role = typeof finding.data?.role === 'string' ? finding.data.role : null;
  const purpose = typeof finding.data?.purpose === 'string' ? finding.data.purpose : null;
  const [use, setUse] = useState({ staff: Boolean(finding.staffId), role: Boolean(role), purpose: Boolean(purpose), contractor: Boolean(finding.contractorId) });
  const [reason, setReason] = useState('');
  const [validUntil, setValidUntil] = useState(japanDay(90));
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const staffName = staff.find((s) => s.id === finding.staffId)?.name ?? `#${finding.staffId}`;

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await createAcceptRule({
        code: finding.code, reason, validUntil,
        staffId: use.staff ? finding.staffId : null, role: use.role ? role : null,
        purpose: use.purpose ? purpose : null, contractorId: use.contractor ? finding.contractorId : null,
      });
      onSaved();
    } catch (e) {
      setError(apiErrorOf(e, locale));
    } finally {
      setSaving(false);
    }
  };
  const at = (field: string) => (error?.field === field ? error.message : undefined);
  const condition = (key: keyof typeof use, shown: boolean, label: string) => shown && (
    <FormControlLabel
      control={<Checkbox checked={use[key]} onChange={(e) => setUse({ ...use, [key]: e.target.checked })} name={`rule-${key}`} />}
      label={label}
    />
  );
  return (
    <Dialog open onClose={onClose} aria-labelledby="accept-rule-title" data-testid="accept-rule" maxWidth="sm" fullWidth>
      <DialogTitle id="accept-rule-title">{translate('mamori.audit.ruleTitle')}</DialogTitle>
      <DialogContent>
        <DialogContentText variant="body2" gutterBottom>{translate('mamori.audit.ruleExplain')}</DialogContentText>
        <DialogContentText variant="body2">
          {`${translate('mamori.audit.ruleCode')}: ${translate(`mamori.enums.findingCode.${finding.code}`, { _: finding.code })}`}
        </DialogContentText>
        {error && !['reason', 'validUntil'].includes(error.field ?? '') && <Alert severity="error" sx={{ mt: 1 }}>{error.message}</Alert>}
        <FormGroup>
          {condition('staff', Boolean(finding.staffId), translate('mamori.audit.ruleStaff', { name: staffName }))}
          {condition('role', Boolean(role), translate('mamori.audit.ruleRole', { name: translate(`mamori.roles.${role}`, { _: role ?? '' }) }))}
          {condition('purpose', Boolean(purpose), translate('mamori.audit.rulePurpose', { name: translate(`mamori.purposes.${purpose}`, { _: purpose ?? '' }) }))}
          {condition('contractor', Boolean(finding.contractorId), translate('mamori.audit.ruleContractor', { name: `#${finding.contractorId}` }))}
        </FormGroup>
        <TextField
          fullWidth multiline minRows={2} margin="dense" name="reason" required label={translate('mamori.audit.ruleReason')} value={reason}
          onChange={(e) => setReason(e.target.value)} error={Boolean(at('reason'))} helperText={at('reason')}
          slotProps={{ htmlInput: { maxLength: 2000 } }}
        />
        <TextField
          fullWidth margin="dense" type="date" name="validUntil" required label={translate('mamori.audit.ruleValidUntil')} value={validUntil}
          onChange={(e) => setValidUntil(e.target.value)} error={Boolean(at('validUntil'))}
          helperText={at('validUntil') ?? translate('mamori.audit.ruleValidHelp')} slotProps={{ inputLabel: { shrink: true } }}
        />
      </DialogContent>
      <DialogActions>
        <Button label="ra.action.cancel" onClick={onClose} />
        <Button label="mamori.audit.ruleCreate" variant="contained" onClick={save} disabled={saving || !reason.trim() || !validUntil} />
      </DialogActions>
    </Dialog>
  );
}
