import { Alert, Link as MuiLink, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { gql } from '@apollo/client';
import { Fragment, useEffect, useState } from 'react';
import { useLocale } from 'react-admin';
import { Link } from 'react-router-dom';
import type { Access } from '../../../schema/policy';
import { apiErrorOf } from '../providers/apiErrors';
import { graphqlClient } from '../providers/graphqlClient';
import { ACCESS_JA } from './labels';

const IMPACT = gql`query policyDraftImpact($id: ID!) { policyDraftImpact(id: $id) {
  days entriesReplayed scopeNote tightened { entries customers } widened { entries customers }
  groups { direction roleLabel purposeLabel field categoryLabel before after reads customers examples { entryId at } } } }`;

interface ImpactGroup {
  direction: string; roleLabel: string; purposeLabel: string; field: string; categoryLabel: string | null;
  before: string; after: string; reads: number; customers: number; examples: { entryId: string; at: string }[];
}
interface Impact {
  days: number; entriesReplayed: number; scopeNote: string;
  tightened: { entries: number; customers: number }; widened: { entries: number; customers: number }; groups: ImpactGroup[];
}

const accessJa = (a: string) => ACCESS_JA[a as Access] ?? a;

/** The access trail showing only that entry (the same ids filter an audit finding's evidence opens with). */
const trailEntry = (entryId: string) =>
  `/AccessEvent?filter=${encodeURIComponent(JSON.stringify({ ids: [entryId] }))}&displayedFilters=%7B%7D&page=1`;

/**
 * 影響: the draft replayed over the last 30 days of access entries (policyDraftImpact): per role, purpose and field,
 * the reads it would serve less (or more), with distinct customers and example entry ids. Read again on `revision`.
 */
export function ImpactView({ id, revision }: { id: string; revision: string }) {
  const locale = useLocale();
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
        直近{impact.days}日のアクセス記録 {impact.entriesReplayed.toLocaleString('ja')} 件を草案で再判定しました。
        制限が強まる閲覧 {impact.tightened.entries.toLocaleString('ja')} 件(顧客 {impact.tightened.customers.toLocaleString('ja')} 名)、
        緩む閲覧 {impact.widened.entries.toLocaleString('ja')} 件(顧客 {impact.widened.customers.toLocaleString('ja')} 名)。
      </Typography>
      {impact.groups.length === 0 && <Alert severity="info">この草案で扱いが変わる閲覧はありません。</Alert>}
      {impact.groups.length > 0 && (
        <TableContainer tabIndex={0} role="region" aria-label="影響を受ける閲覧" sx={{ maxHeight: '50vh' }}>
          <Table size="small" stickyHeader aria-label="影響を受ける閲覧">
            <TableHead>
              <TableRow>
                <TableCell>変化</TableCell><TableCell>ロール</TableCell><TableCell>利用目的</TableCell><TableCell>項目</TableCell>
                <TableCell>変更前 → 変更後</TableCell><TableCell align="right">閲覧件数</TableCell><TableCell align="right">顧客数</TableCell>
                <TableCell>記録の例(ID)</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {impact.groups.map((g) => (
                <TableRow key={`${g.direction}|${g.roleLabel}|${g.purposeLabel}|${g.field}`} data-testid="impact-row">
                  <TableCell>{g.direction === 'TIGHTENED' ? '制限が強まる' : '緩む'}</TableCell>
                  <TableCell>{g.roleLabel}</TableCell><TableCell>{g.purposeLabel}</TableCell>
                  <TableCell>{g.categoryLabel ?? ''}({g.field})</TableCell>
                  <TableCell>{accessJa(g.before)} → {accessJa(g.after)}</TableCell>
                  <TableCell align="right">{g.reads.toLocaleString('ja')}</TableCell>
                  <TableCell align="right">{g.customers.toLocaleString('ja')}</TableCell>
                  <TableCell>
                    {g.examples.map((e, i) => (
                      <Fragment key={e.entryId}>
                        {i > 0 && ', '}
                        <MuiLink component={Link} to={trailEntry(e.entryId)} data-testid="impact-example" data-entry={e.entryId}
                          aria-label={`アクセス記録 #${e.entryId} を開く`}>{`#${e.entryId}`}</MuiLink>
                      </Fragment>
                    ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <Typography variant="body2" color="text.secondary">{impact.scopeNote}</Typography>
    </Stack>
  );
}
