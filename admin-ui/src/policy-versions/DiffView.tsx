import { Alert, Box, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useLocale } from 'react-admin';
import type { Access, PolicyDocument } from '../../../schema/policy';
import { apiErrorOf } from '../providers/apiErrors';
import { graphqlClient } from '../providers/graphqlClient';
import { DIFF, type PolicyDiffResult } from './api';
import { ACCESS_COLOURS, type PolicyWords, policyWords } from './labels';

/**
 * A draft against the version in force, as the server computes it (policyDraftDiff): each change as a
 * line (the server's Japanese), then every role × purpose × category whose answer changes, before → after. Read again
 * whenever `revision` changes (after a save).
 */
export function DiffView({ id, doc, revision }: { id: string; doc: PolicyDocument; revision: string }) {
  const locale = useLocale();
  const W = policyWords(locale);
  const [diff, setDiff] = useState<PolicyDiffResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    graphqlClient.query<{ policyDraftDiff: PolicyDiffResult }>({ query: DIFF, variables: { id } })
      .then((r) => { if (live) { setDiff(r.data?.policyDraftDiff ?? null); setError(null); } })
      .catch((e: unknown) => { if (live) setError(apiErrorOf(e, locale).message); });
    return () => { live = false; };
  }, [id, revision, locale]);
  if (error) return <Alert severity="error">{error}</Alert>;
  if (!diff) return null;
  const name = (o: Record<string, { ja: string; en: string }>, k: string) => o[k]?.[W.lang] ?? k;
  return (
    <Stack spacing={2} data-testid="policy-diff">
      <Typography variant="subtitle1">{W.diffAgainst.replace('%{n}', String(diff.againstNumber ?? '—'))}</Typography>
      {diff.changes.length === 0 && <Alert severity="info">{W.noChanges}</Alert>}
      {diff.changes.length > 0 && (
        <Box>
          <Typography variant="subtitle2">{W.changesTitle}</Typography>
          <Box component="ul" sx={{ my: 0.5, pl: 3 }}>
            {diff.changes.map((c) => <li key={c.path} data-testid="diff-line" data-path={c.path}>{c.text}</li>)}
          </Box>
        </Box>
      )}
      {diff.cells.length > 0 && (
        <TableContainer tabIndex={0} role="region" aria-label={W.cellsTitle} sx={{ maxHeight: '50vh' }}>
          <Typography variant="subtitle2">{W.cellsTitle}</Typography>
          <Table size="small" stickyHeader aria-label={W.cellsTitle}>
            <TableHead>
              <TableRow>
                <TableCell>{W.role}</TableCell><TableCell>{W.purpose}</TableCell><TableCell>{W.category}</TableCell>
                <TableCell>{W.before} → {W.after}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {diff.cells.map((c) => (
                <TableRow key={`${c.role}|${c.purpose}|${c.category}`} data-testid="diff-cell" data-role={c.role} data-purpose={c.purpose} data-category={c.category}>
                  <TableCell>{name(doc.roles, c.role)}</TableCell>
                  <TableCell>{name(doc.purposes, c.purpose)}</TableCell>
                  <TableCell>{name(doc.categories, c.category)}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <Tag access={c.before} W={W} /> → <Tag access={c.after} W={W} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Stack>
  );
}

function Tag({ access, W }: { access: string; W: PolicyWords }) {
  const colours = ACCESS_COLOURS[access as Access] ?? { bg: 'transparent', fg: 'inherit' };
  return <Box component="span" sx={{ px: 0.75, borderRadius: 1, bgcolor: colours.bg, color: colours.fg }}>{W.access[access as Access] ?? access}</Box>;
}
