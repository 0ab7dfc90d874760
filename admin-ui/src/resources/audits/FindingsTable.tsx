import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import {
  Box, Stack, Table, TableBody, TableCell, TableHead, TableRow, ToggleButton, ToggleButtonGroup, Typography,
} from '@mui/material';
import { useState } from 'react';
import { Link, RecordContextProvider, useTranslate } from 'react-admin';
import { ENUMS } from '../../choices';
import { EnumChip } from '../../fields/EnumChip';
import { formatDate } from '../../fields/format';
import { RefField } from '../../fields/RefField';

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
export function FindingsTable({ findings }: { findings: readonly Finding[] }) {
  const translate = useTranslate();
  const [shown, setShown] = useState<string[]>([]);
  const counts = Object.fromEntries(ENUMS.findingSeverity.map((s) => [s, findings.filter((f) => f.severity === s).length]));
  const visible = shown.length ? findings.filter((f) => shown.includes(f.severity)) : findings;
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
      <Table size="small" data-testid="audit-findings" sx={{ '& th': { whiteSpace: 'nowrap' } }}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('mamori.audit.severity')}</TableCell>
            <TableCell>{translate('mamori.audit.finding')}</TableCell>
            <TableCell>{translate('mamori.audit.occurredOn')}</TableCell>
            <TableCell>{translate('mamori.audit.subject')}</TableCell>
            <TableCell>{translate('mamori.audit.evidenceColumn')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {visible.map((finding) => (
            <TableRow key={finding.id} data-code={finding.code} data-severity={finding.severity} sx={{ verticalAlign: 'top' }}>
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
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
