import { Alert, Link as MuiLink, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { Fragment } from 'react';
import { useCreatePath, useResourceDefinitions, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import type { PolicyDocument, PurposeKey, RoleKey } from '../../../schema/policy';
import type { PolicyWords } from './labels';

export interface ScopeImpact {
  direction: 'LEFT' | 'ENTERED'; basis: string; role: string; roleLabel: string; purpose: string; purposeLabel: string; resource: string | null;
  reasons: string[]; reasonsText: string; entries: number; rows: number; customers: number;
  examples: { entryId: string | null; rowId: string | null; at: string | null }[];
}

/** The access trail showing only that entry (the same ids filter an audit finding's evidence opens with). */
export const trailEntry = (entryId: string) =>
  `/AccessEvent?filter=${encodeURIComponent(JSON.stringify({ ids: [entryId] }))}&displayedFilters=%7B%7D&page=1`;

/** Summed over groups: customers are distinct within a group, counted again in another (the summary says 延べ / per group). */
const sum = (list: ScopeImpact[], k: 'entries' | 'rows' | 'customers') => list.reduce((n, g) => n + g[k], 0);

/**
 * 委託先の行範囲: rows contractor roles read that the draft's scope would not have served (from the trail), and rows
 * they could not read that it would let them (from today's data), with the row-scope switches behind each and
 * examples to open (the trail entry, the row, its customer).
 */
export function ScopeImpactTable({ scope, doc, W }: { scope: ScopeImpact[]; doc: PolicyDocument; W: PolicyWords }) {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const screens = useResourceDefinitions();
  const n = (v: number) => v.toLocaleString(W.lang);
  const left = scope.filter((g) => g.direction === 'LEFT');
  const entered = scope.filter((g) => g.direction === 'ENTERED');
  const resourceName = (r: string) => translate(`resources.${r}.name`, { smart_count: 1, _: r });
  // A row of a resource with no page of its own (a collection case, a mailing) is named, its customer opened.
  const open = (resource: string, id: string, label: string) => (screens[resource]?.hasShow
    ? <MuiLink component={Link} to={createPath({ resource, id, type: 'show' })} data-testid="scope-example" data-resource={resource} data-id={id}
      aria-label={label}>{`${resourceName(resource)} #${id}`}</MuiLink>
    : <span data-testid="scope-example" data-resource={resource} data-id={id}>{`${resourceName(resource)} #${id}`}</span>);
  return (
    <Stack spacing={1} data-testid="policy-scope-impact">
      <Typography variant="subtitle1">{W.scopeTitle}</Typography>
      {scope.length === 0 ? <Alert severity="info">{W.scopeNone}</Alert> : (
        <>
          <Typography variant="body2">
            {W.scopeSummary(n(sum(left, 'entries')), n(sum(left, 'customers')), n(sum(entered, 'rows')), n(sum(entered, 'customers')))}
          </Typography>
          <TableContainer tabIndex={0} role="region" aria-label={W.scopeTable} sx={{ maxHeight: '40vh' }}>
            <Table size="small" stickyHeader aria-label={W.scopeTable}>
              <TableHead>
                <TableRow>
                  <TableCell>{W.change}</TableCell><TableCell>{W.role}</TableCell><TableCell>{W.purposeOfUse}</TableCell><TableCell>{W.target}</TableCell>
                  <TableCell>{W.why}</TableCell><TableCell>{W.basis}</TableCell><TableCell align="right">{W.count}</TableCell>
                  <TableCell align="right">{W.customers}</TableCell><TableCell>{W.scopeExamples}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {scope.map((g) => (
                  <TableRow key={`${g.direction}|${g.role}|${g.purpose}|${g.resource ?? ''}`} data-testid="scope-row" data-direction={g.direction}>
                    <TableCell>{g.direction === 'LEFT' ? W.left : W.entered}</TableCell>
                    <TableCell>{doc.roles[g.role as RoleKey]?.[W.lang] ?? g.roleLabel}</TableCell>
                    <TableCell>{doc.purposes[g.purpose as PurposeKey]?.[W.lang] ?? g.purposeLabel}</TableCell>
                    <TableCell>{g.resource ? resourceName(g.resource) : W.targetTrail}</TableCell>
                    <TableCell>{g.reasons.map((r) => W.scopeReasons[r] ?? r).join(W.lang === 'ja' ? '、' : '; ') || g.reasonsText}</TableCell>
                    <TableCell>{g.basis === 'TRAIL' ? W.basisTrail : W.basisCurrent}</TableCell>
                    <TableCell align="right">{g.direction === 'LEFT' ? `${n(g.entries)} ${W.entriesUnit}` : `${n(g.rows)} ${W.rowsUnit}`}</TableCell>
                    <TableCell align="right">{n(g.customers)}</TableCell>
                    <TableCell>
                      {g.examples.map((e, i) => (
                        <Fragment key={`${e.entryId ?? ''}|${e.rowId ?? ''}`}>
                          {i > 0 && ', '}
                          {e.entryId && (
                            <MuiLink component={Link} to={trailEntry(e.entryId)} data-testid="scope-example" data-resource="AccessEvent" data-id={e.entryId}
                              aria-label={W.openEntry(e.entryId)}>{`#${e.entryId}`}</MuiLink>
                          )}
                          {!e.entryId && e.rowId && g.resource
                            && open(g.resource, e.rowId, g.resource === 'Customer' ? W.openCustomer(e.rowId) : W.openRow(resourceName(g.resource), e.rowId))}
                        </Fragment>
                      ))}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </>
      )}
    </Stack>
  );
}
