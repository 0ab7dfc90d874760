import {
  Alert, Box, Button, Card, CardContent, Chip, FormControl, InputLabel, MenuItem, Select, Stack, Table, TableBody, TableCell,
  TableContainer, TableHead, TableRow,
} from '@mui/material';
import { useEffect, useState } from 'react';
import { Title, useLocale, useNotify, usePermissions } from 'react-admin';
import { Link, useNavigate } from 'react-router-dom';
import { hasPower } from '../../../schema/policy';
import type { Permissions } from '../access';
import { formatDateTime } from '../fields/format';
import { apiErrorOf } from '../providers/apiErrors';
import { graphqlClient } from '../providers/graphqlClient';
import { CREATE, LIST, type PolicyVersionRow } from './api';
import { policyWords, usePolicyWords } from './labels';

/** The page shown instead when the role holds no power over policy versions (the server refuses the reads anyway). */
export function Refused() {
  const W = usePolicyWords();
  return <Card sx={{ mt: 1 }}><CardContent><Alert severity="error" data-testid="page-refused">{W.refused}</Alert></CardContent></Card>;
}

/**
 * Policy versions and drafts (custom route /policy-versions): seen by holders of POWERS.viewPolicyVersions;
 * a holder of POWERS.editPolicyDrafts copies a chosen version into a new draft. The UI only hides; the server decides.
 */
export function PolicyVersionsPage() {
  const { permissions } = usePermissions<Permissions>();
  const locale = useLocale();
  const W = policyWords(locale);
  const notify = useNotify();
  const navigate = useNavigate();
  const [rows, setRows] = useState<PolicyVersionRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const mayView = hasPower(permissions?.role, 'viewPolicyVersions');
  const mayEdit = hasPower(permissions?.role, 'editPolicyDrafts');

  useEffect(() => {
    if (!mayView) return;
    graphqlClient.query<{ policyVersions: PolicyVersionRow[] }>({ query: LIST })
      .then((r) => {
        const list = r.data?.policyVersions ?? [];
        setRows(list);
        setFrom((f) => f || (list.find((v) => v.inForce) ?? list[0])?.id || '');
      })
      .catch((e: unknown) => setError(apiErrorOf(e, locale).message));
  }, [mayView, locale]);

  if (!permissions) return null;
  if (!mayView) return <Refused />;

  const create = async () => {
    try {
      const r = await graphqlClient.mutate<{ createPolicyDraft: { id: string } }>({ mutation: CREATE, variables: { from } });
      notify(W.created, { type: 'success' });
      navigate(`/policy-versions/${r.data?.createPolicyDraft.id}`);
    } catch (e) {
      notify(apiErrorOf(e, locale).message, { type: 'error' });
    }
  };
  const name = (v: PolicyVersionRow) => (v.number === null ? `${W.draft} #${v.id}` : W.version(v.number));

  return (
    <Card sx={{ mt: 1 }}>
      <Title title={W.listTitle} />
      <CardContent>
        {error && <Alert severity="error">{error}</Alert>}
        <Button component={Link} to="/privacy-notices" size="small" sx={{ mb: 1 }} data-testid="open-notices">{W.notices}</Button>
        {mayEdit && rows && rows.length > 0 && (
          <Stack direction="row" spacing={1} sx={{ mb: 2, alignItems: 'center' }}>
            <FormControl size="small" sx={{ minWidth: 220 }}>
              <InputLabel id="policy-draft-from">{W.createFrom}</InputLabel>
              <Select labelId="policy-draft-from" label={W.createFrom} value={from} onChange={(e) => setFrom(e.target.value)} data-testid="draft-from">
                {rows.map((v) => <MenuItem key={v.id} value={v.id}>{`${name(v)}(${W.states[v.state]})`}</MenuItem>)}
              </Select>
            </FormControl>
            <Button variant="contained" onClick={create} disabled={!from}>{W.createDraft}</Button>
          </Stack>
        )}
        {rows && rows.length === 0 && <Alert severity="info">{W.none}</Alert>}
        {rows && rows.length > 0 && (
          <TableContainer>
            <Table size="small" aria-label={W.listTitle} data-testid="policy-versions">
              <TableHead>
                <TableRow>
                  <TableCell>{W.number}</TableCell><TableCell>{W.state}</TableCell><TableCell>{W.label}</TableCell>
                  <TableCell>{W.createdBy}</TableCell><TableCell>{W.createdAt}</TableCell><TableCell>{W.updatedAt}</TableCell><TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((v) => (
                  <TableRow key={v.id} data-testid="policy-version-row" data-id={v.id} data-state={v.state}>
                    <TableCell>{name(v)}{v.basedOnNumber !== null && <Box component="div" sx={{ fontSize: 11, color: 'text.secondary' }}>{`${W.basedOn}: ${W.version(v.basedOnNumber)}`}</Box>}</TableCell>
                    <TableCell>
                      {W.states[v.state] ?? v.state}
                      {v.inForce && <Chip size="small" color="success" label={W.inForce} sx={{ ml: 1 }} data-testid="in-force" />}
                      {v.publicationRequested && <Chip size="small" color="warning" label={W.pending} sx={{ ml: 1 }} />}
                    </TableCell>
                    <TableCell>{v.label}</TableCell>
                    <TableCell>{v.createdByName ?? '—'}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(v.createdAt)}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{v.updatedAt ? formatDateTime(v.updatedAt) : '—'}</TableCell>
                    <TableCell><Button component={Link} to={`/policy-versions/${v.id}`} size="small">{W.open}</Button></TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </CardContent>
    </Card>
  );
}
