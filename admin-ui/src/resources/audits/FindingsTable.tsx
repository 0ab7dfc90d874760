import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import {
  Box, FormControlLabel, Stack, Switch, Table, TableBody, TableCell, TableHead, TableRow, ToggleButton, ToggleButtonGroup, Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import { Button, Link, RecordContextProvider, useNotify, useTranslate } from 'react-admin';
import { ENUMS } from '../../choices';
import { EnumChip } from '../../fields/EnumChip';
import { formatDate } from '../../fields/format';
import { RefField } from '../../fields/RefField';
import { AcceptRuleDialog } from './AcceptRuleDialog';
import { FindingTriageDialog } from './FindingTriageDialog';
import { auditStaff, type StaffMember } from './triageApi';

export interface Finding {
  id: string;
  code: string;
  severity: string;
  title: string;
  detail: string;
  occurredOn: string | null;
  staffId: string | null;
  customerId: string | null;
  contractorId: string | null;
  evidence: string[];
  evidenceCount: number;
  data?: Record<string, unknown>;
  /** Triage (#21): kept by the finding's key across re-runs. */
  status: string;
  ownerId: string | null;
  dueOn: string | null;
  acceptRuleId: string | null;
  comments: { id: string; staffId: string; body: string; createdAt: string }[];
}

const UNRESOLVED = ['OPEN', 'IN_PROGRESS'];
/** Findings no accept rule may take (the server refuses them too). */
const NOT_ACCEPTABLE = ['TRAIL_CHAIN_BROKEN', 'TRAIL_CHAIN_VERIFIED', 'CHECK_SKIPPED'];
const japanToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

/** Where a finding stands: status, owner, due day (marked when past and unresolved), the rule that accepted it. */
function Triage({ finding, staff }: { finding: Finding; staff: readonly StaffMember[] }) {
  const translate = useTranslate();
  const overdue = finding.dueOn && UNRESOLVED.includes(finding.status) && finding.dueOn < japanToday();
  const owner = finding.ownerId ? staff.find((s) => s.id === finding.ownerId)?.name ?? `#${finding.ownerId}` : null;
  return (
    <Stack spacing={0.5} data-testid="finding-status">
      <EnumChip enumName="findingStatus" value={finding.status} />
      {owner && <Typography variant="caption">{`${translate('mamori.audit.owner')}: ${owner}`}</Typography>}
      {finding.dueOn && (
        <Typography variant="caption" color={overdue ? 'error' : undefined} sx={{ fontWeight: overdue ? 700 : undefined }}>
          {`${translate('mamori.audit.dueOn')}: ${formatDate(finding.dueOn)}${overdue ? `（${translate('mamori.audit.overdue')}）` : ''}`}
        </Typography>
      )}
      {finding.acceptRuleId && (
        <Typography variant="caption" color="text.secondary">{translate('mamori.audit.acceptedByRule', { id: finding.acceptRuleId })}</Typography>
      )}
      {finding.comments.length > 0 && (
        <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'pre-wrap' }}>
          {finding.comments[finding.comments.length - 1].body}
        </Typography>
      )}
    </Stack>
  );
}

/** The access trail explorer showing exactly these entries. */
export const evidenceLink = (ids: readonly string[]) =>
  `/AccessEvent?filter=${encodeURIComponent(JSON.stringify({ ids }))}&displayedFilters=%7B%7D&page=1`;

function Evidence({ finding }: { finding: Finding }) {
  const translate = useTranslate();
  if (finding.evidenceCount === 0) return <>—</>;
  const partial = finding.evidence.length < finding.evidenceCount;
  return (
    <Box>
      <Link to={evidenceLink(finding.evidence)} data-testid="finding-evidence">
        <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }} component="span">
          <ManageSearchIcon fontSize="small" />
          <span>{translate('mamori.audit.evidence', { smart_count: finding.evidenceCount })}</span>
        </Stack>
      </Link>
      {partial && (
        <Typography variant="caption" color="text.secondary">
          {translate('mamori.audit.evidenceFirst', { shown: finding.evidence.length.toLocaleString('ja-JP') })}
        </Typography>
      )}
    </Box>
  );
}

/** Who or what a finding is about: a staff member, a customer, a contractor (each only if the role may read it). */
function Subject({ finding }: { finding: Finding }) {
  return (
    <RecordContextProvider value={finding}>
      <Stack spacing={0.5}>
        {finding.staffId && <RefField source="staffId" reference="Staff" optionText="name" link={false} />}
        {finding.customerId && <RefField source="customerId" reference="Customer" optionText="customerNumber" />}
        {finding.contractorId && <RefField source="contractorId" reference="Contractor" optionText="name" />}
      </Stack>
    </RecordContextProvider>
  );
}

/**
 * An audit's findings, most severe first, filterable by severity; each with its evidence linking to the
 * access trail explorer narrowed to those entries.
 */
export function FindingsTable({ findings, canWork = false, onChanged = () => undefined }: {
  findings: readonly Finding[];
  /** The user may work findings (Audit update); the server decides again. */
  canWork?: boolean;
  onChanged?: () => void;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const [shown, setShown] = useState<string[]>([]);
  const [unresolvedOnly, setUnresolvedOnly] = useState(false);
  const [working, setWorking] = useState<{ finding: Finding; as: 'triage' | 'rule' } | null>(null);
  const [staff, setStaff] = useState<StaffMember[]>([]);
  useEffect(() => {
    auditStaff().then(setStaff, (e: unknown) => notify(String(e instanceof Error ? e.message : e), { type: 'error' }));
  }, [notify]);
  const counts = Object.fromEntries(ENUMS.findingSeverity.map((s) => [s, findings.filter((f) => f.severity === s).length]));
  const visible = findings
    .filter((f) => !shown.length || shown.includes(f.severity))
    .filter((f) => !unresolvedOnly || UNRESOLVED.includes(f.status));
  const done = (message: string) => () => {
    setWorking(null);
    notify(message, { type: 'success' });
    onChanged();
  };
  if (findings.length === 0) return <Typography variant="body2">{translate('mamori.audit.noFindings')}</Typography>;

  return (
    <Box>
      <ToggleButtonGroup size="small" value={shown} onChange={(_e, value: string[]) => setShown(value)} sx={{ mb: 1, flexWrap: 'wrap' }}>
        {ENUMS.findingSeverity.map((severity) => (
          <ToggleButton key={severity} value={severity} disabled={counts[severity] === 0}>
            {`${translate(`mamori.enums.findingSeverity.${severity}`)} ${counts[severity]}`}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <FormControlLabel
        sx={{ ml: 2 }}
        control={<Switch checked={unresolvedOnly} onChange={(e) => setUnresolvedOnly(e.target.checked)} name="unresolvedOnly" />}
        label={translate('mamori.audit.unresolvedOnly')}
      />
      <Table size="small" data-testid="audit-findings" sx={{ '& th': { whiteSpace: 'nowrap' } }}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('mamori.audit.severity')}</TableCell>
            <TableCell>{translate('mamori.audit.finding')}</TableCell>
            <TableCell>{translate('mamori.audit.occurredOn')}</TableCell>
            <TableCell>{translate('mamori.audit.subject')}</TableCell>
            <TableCell>{translate('mamori.audit.evidenceColumn')}</TableCell>
            <TableCell>{translate('mamori.audit.status')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {visible.map((finding) => (
            <TableRow key={finding.id} data-code={finding.code} data-severity={finding.severity} data-status={finding.status} data-staff={finding.staffId ?? undefined} sx={{ verticalAlign: 'top' }}>
              <TableCell><EnumChip enumName="findingSeverity" value={finding.severity} /></TableCell>
              <TableCell sx={{ minWidth: 320 }}>
                <Typography variant="caption" color="text.secondary" component="div">
                  {translate(`mamori.enums.findingCode.${finding.code}`, { _: finding.code })}
                </Typography>
                <Typography variant="body2" sx={{ fontWeight: 600 }}>{finding.title}</Typography>
                <Typography variant="body2">{finding.detail}</Typography>
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(finding.occurredOn)}</TableCell>
              <TableCell><Subject finding={finding} /></TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}><Evidence finding={finding} /></TableCell>
              <TableCell sx={{ minWidth: 180 }}>
                <Triage finding={finding} staff={staff} />
                {canWork && (
                  <Stack spacing={0.5} sx={{ mt: 1, alignItems: 'flex-start' }}>
                    <Button label="mamori.audit.work" size="small" variant="outlined" onClick={() => setWorking({ finding, as: 'triage' })} />
                    {UNRESOLVED.includes(finding.status) && !NOT_ACCEPTABLE.includes(finding.code) && (
                      <Button label="mamori.audit.acceptPattern" size="small" onClick={() => setWorking({ finding, as: 'rule' })} />
                    )}
                  </Stack>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {working?.as === 'triage' && (
        <FindingTriageDialog finding={working.finding} staff={staff} onClose={() => setWorking(null)} onSaved={done('mamori.audit.saved')} />
      )}
      {working?.as === 'rule' && (
        <AcceptRuleDialog finding={working.finding} staff={staff} onClose={() => setWorking(null)} onSaved={done('mamori.audit.ruleCreated')} />
      )}
    </Box>
  );
}
