import { Alert, Link as MuiLink, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { gql } from '@apollo/client';
import { Fragment, useEffect, useState } from 'react';
import { useLocale } from 'react-admin';
import { Link } from 'react-router-dom';
import type { Access, CategoryKey, PolicyDocument, PurposeKey, RoleKey } from '../../../schema/policy';
import { apiErrorOf } from '../providers/apiErrors';
import { graphqlClient } from '../providers/graphqlClient';
import { policyWords } from './labels';
import { type ScopeImpact, ScopeImpactTable, trailEntry } from './ScopeImpactTable';

const IMPACT = gql`query policyDraftImpact($id: ID!) { policyDraftImpact(id: $id) {
  days entriesReplayed tightened { entries customers } widened { entries customers }
  groups { direction role roleLabel purpose purposeLabel field category categoryLabel before after reads customers examples { entryId at } }
  scope { direction basis role roleLabel purpose purposeLabel resource reasons reasonsText entries rows customers examples { entryId rowId at } } } }`;

interface ImpactGroup {
  direction: string; role: string; roleLabel: string; purpose: string; purposeLabel: string; field: string; category: string | null; categoryLabel: string | null;
  before: string; after: string; reads: number; customers: number; examples: { entryId: string; at: string }[];
}
interface Impact {
  days: number; entriesReplayed: number; scope: ScopeImpact[];
  tightened: { entries: number; customers: number }; widened: { entries: number; customers: number }; groups: ImpactGroup[];
}

/**
 * 影響: the draft replayed over the last 30 days of access entries (policyDraftImpact): per role, purpose and field,
 * the reads it would serve less (or more), with distinct customers and example entry ids; then contractors' rows leaving or
 * entering their scope (ScopeImpactTable). Read again on `revision`.
 */
export function ImpactView({ id, revision, doc }: { id: string; revision: string; doc: PolicyDocument }) {
  const locale = useLocale();
  const W = policyWords(locale);
  const n = (v: number) => v.toLocaleString(W.lang);
  const access = (a: string) => W.access[a as Access] ?? a;
  const [impact, setImpact] = useState<Impact | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    graphqlClient.query<{ policyDraftImpact: Impact }>({ query: IMPACT, variables: { id }, fetchPolicy: 'network-only' })
      .then((r) => { if (live) { setImpact(r.data?.policyDraftImpact ?? null); setError(null); } })
      .catch((e: unknown) => { if (live) setError(apiErrorOf(e, locale).message); });
    return () => { live = false; };
  }, [id, revision, locale]);
  if (error) return <Alert severity="error">{error}</Alert>;
  if (!impact) return null;
  return (
    <Stack spacing={2} data-testid="policy-impact">
      <Typography variant="subtitle1">
        {W.impactSummary(impact.days, n(impact.entriesReplayed), n(impact.tightened.entries), n(impact.tightened.customers),
          n(impact.widened.entries), n(impact.widened.customers))}
      </Typography>
      {impact.groups.length === 0 && <Alert severity="info">{W.impactNone}</Alert>}
      {impact.groups.length > 0 && (
        <TableContainer tabIndex={0} role="region" aria-label={W.impactTable} sx={{ maxHeight: '50vh' }}>
          <Table size="small" stickyHeader aria-label={W.impactTable}>
            <TableHead>
              <TableRow>
                <TableCell>{W.change}</TableCell><TableCell>{W.role}</TableCell><TableCell>{W.purposeOfUse}</TableCell><TableCell>{W.field}</TableCell>
                <TableCell>{W.beforeAfter}</TableCell><TableCell align="right">{W.reads}</TableCell><TableCell align="right">{W.customers}</TableCell>
                <TableCell>{W.examples}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {impact.groups.map((g) => (
                <TableRow key={`${g.direction}|${g.roleLabel}|${g.purposeLabel}|${g.field}`} data-testid="impact-row">
                  <TableCell>{g.direction === 'TIGHTENED' ? W.tightened : W.widened}</TableCell>
                  <TableCell>{doc.roles[g.role as RoleKey]?.[W.lang] ?? g.roleLabel}</TableCell>
                  <TableCell>{doc.purposes[g.purpose as PurposeKey]?.[W.lang] ?? g.purposeLabel}</TableCell>
                  <TableCell>{(g.category && doc.categories[g.category as CategoryKey]?.[W.lang]) ?? g.categoryLabel ?? ''}({g.field})</TableCell>
                  <TableCell>{access(g.before)} → {access(g.after)}</TableCell>
                  <TableCell align="right">{n(g.reads)}</TableCell>
                  <TableCell align="right">{n(g.customers)}</TableCell>
                  <TableCell>
                    {g.examples.map((e, i) => (
                      <Fragment key={e.entryId}>
                        {i > 0 && ', '}
                        <MuiLink component={Link} to={trailEntry(e.entryId)} data-testid="impact-example" data-entry={e.entryId}
                          aria-label={W.openEntry(e.entryId)}>{`#${e.entryId}`}</MuiLink>
                      </Fragment>
                    ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <ScopeImpactTable scope={impact.scope} doc={doc} W={W} />
      <Typography variant="body2" color="text.secondary" data-testid="scope-note">
        {W.scopeMethod(Object.values(doc.roles).filter((r) => r.contractor).map((r) => r[W.lang]).join(W.lang === 'ja' ? '・' : ', '))}
      </Typography>
    </Stack>
  );
}
