import {
  Alert, Dialog, DialogActions, DialogContent, DialogTitle, List, ListItem, ListItemText, MenuItem, TextField, Typography,
} from '@mui/material';
import { useState } from 'react';
import { Button, useLocaleState, useTranslate } from 'react-admin';
import { ENUMS } from '../../choices';
import { formatDateTime } from '../../fields/format';
import { apiErrorOf, type ApiError } from '../../providers/apiErrors';
import type { Finding } from './FindingsTable';
import { type StaffMember, triageFinding } from './triageApi';

const CLOSING = ['ACCEPTED', 'REMEDIATED', 'FALSE_POSITIVE'];

/**
 * Works one finding: status, owner (an auditor or the privacy manager), due day and a comment; closing
 * asks for the reason in the comment. Only what changed is sent; the server's refusal shows at its field.
 */
export function FindingTriageDialog({ finding, staff, onClose, onSaved }: {
  finding: Finding;
  staff: readonly StaffMember[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [status, setStatus] = useState(finding.status);
  const [ownerId, setOwnerId] = useState(finding.ownerId ?? '');
  const [dueOn, setDueOn] = useState(finding.dueOn ?? '');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const nameOf = (id: string) => staff.find((s) => s.id === id)?.name ?? `#${id}`;

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await triageFinding(finding.id, {
        ...(status !== finding.status ? { status } : {}),
        ...(ownerId !== (finding.ownerId ?? '') ? { ownerId: ownerId || null } : {}),
        ...(dueOn !== (finding.dueOn ?? '') ? { dueOn: dueOn || null } : {}),
        ...(comment.trim() ? { comment } : {}),
      });
      onSaved();
    } catch (e) {
      setError(apiErrorOf(e, locale));
    } finally {
      setSaving(false);
    }
  };
  const at = (field: string) => (error?.field === field ? error.message : undefined);
  const needsReason = status !== finding.status && CLOSING.includes(status);
  return (
    <Dialog open onClose={onClose} aria-labelledby="finding-triage-title" data-testid="finding-triage" maxWidth="sm" fullWidth>
      <DialogTitle id="finding-triage-title">{translate('mamori.audit.workTitle')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ fontWeight: 600 }}>{finding.title}</Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>{finding.detail}</Typography>
        {error && !['status', 'ownerId', 'dueOn', 'comment'].includes(error.field ?? '') && <Alert severity="error">{error.message}</Alert>}
        <TextField
          select fullWidth margin="dense" name="status" label={translate('mamori.audit.status')} value={status}
          onChange={(e) => setStatus(e.target.value)} error={Boolean(at('status'))} helperText={at('status')}
        >
          {ENUMS.findingStatus.map((s) => <MenuItem key={s} value={s}>{translate(`mamori.enums.findingStatus.${s}`)}</MenuItem>)}
        </TextField>
        <TextField
          select fullWidth margin="dense" name="ownerId" label={translate('mamori.audit.owner')} value={ownerId}
          onChange={(e) => setOwnerId(e.target.value)} error={Boolean(at('ownerId'))} helperText={at('ownerId') ?? translate('mamori.audit.ownerHelp')}
        >
          <MenuItem value="">{translate('mamori.audit.noOwner')}</MenuItem>
          {staff.map((s) => <MenuItem key={s.id} value={s.id}>{`${s.name}（${translate(`mamori.roles.${s.role}`, { _: s.role })}）`}</MenuItem>)}
        </TextField>
        <TextField
          fullWidth margin="dense" type="date" name="dueOn" label={translate('mamori.audit.dueOn')} value={dueOn}
          onChange={(e) => setDueOn(e.target.value)} error={Boolean(at('dueOn'))} helperText={at('dueOn')}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          fullWidth multiline minRows={2} margin="dense" name="comment" label={translate('mamori.audit.comment')} value={comment}
          onChange={(e) => setComment(e.target.value)} error={Boolean(at('comment'))} required={needsReason}
          helperText={at('comment') ?? translate('mamori.audit.commentHelp')} slotProps={{ htmlInput: { maxLength: 4000 } }}
        />
        <Typography variant="subtitle2" sx={{ mt: 2 }}>{translate('mamori.audit.comments')}</Typography>
        {finding.comments.length === 0
          ? <Typography variant="body2" color="text.secondary">{translate('mamori.audit.noComments')}</Typography>
          : (
            <List dense data-testid="finding-comments">
              {finding.comments.map((c) => (
                <ListItem key={c.id} disableGutters>
                  <ListItemText
                    primary={c.body}
                    secondary={`${nameOf(c.staffId)}・${formatDateTime(c.createdAt)}`}
                    slotProps={{ primary: { sx: { whiteSpace: 'pre-wrap' } } }}
                  />
                </ListItem>
              ))}
            </List>
          )}
      </DialogContent>
      <DialogActions>
        <Button label="ra.action.cancel" onClick={onClose} />
        <Button label="mamori.audit.save" variant="contained" onClick={save} disabled={saving || (needsReason && !comment.trim())} />
      </DialogActions>
    </Dialog>
  );
}
