import { gql } from '@apollo/client';
import {
  Alert, Box, Card, CardContent, Chip, FormControl, InputLabel, Link as MuiLink, MenuItem, Select, Stack, Table, TableBody, TableCell,
  TableContainer, TableHead, TableRow, Typography,
} from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import { Title, useLocale, usePermissions } from 'react-admin';
import { hasPower } from '../../../schema/policy';
import type { Permissions } from '../access';
import { formatDateTime } from '../fields/format';
import { apiErrorOf } from '../providers/apiErrors';
import { graphqlClient } from '../providers/graphqlClient';
import { noticeWords } from './noticeWords';
import { noticeDiff, type NoticeView } from './noticeDiff';
import { Refused } from './PolicyVersionsPage';

const FIELDS = 'id policyVersion policyLabel publishedAt generatedAt cause hash previousHash inForce title sections { key heading items }';
const NOTICES = gql`query privacyNotices($lang: String) { privacyNotice(lang: $lang) { ${FIELDS} } privacyNoticeHistory(lang: $lang) { ${FIELDS} } }`;

/**
 * 公表事項 (custom route /privacy-notices): the public notice of arts. 21/32 as published now (the same text as
 * /privacy-notice), then every notice the policy versions published, with the differences between any two.
 * For holders of POWERS.viewPolicyVersions (the history query is theirs; the server refuses it to others).
 */
export function NoticePage() {
  const { permissions } = usePermissions<Permissions>();
  const locale = useLocale();
  const W = noticeWords(locale);
  const [current, setCurrent] = useState<NoticeView | null>(null);
  const [history, setHistory] = useState<NoticeView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [olderId, setOlderId] = useState('');
  const [newerId, setNewerId] = useState('');
  const mayView = hasPower(permissions?.role, 'viewPolicyVersions');

  useEffect(() => {
    if (!mayView) return;
    graphqlClient.query<{ privacyNotice: NoticeView; privacyNoticeHistory: NoticeView[] }>({
      query: NOTICES, variables: { lang: locale === 'en' ? 'en' : 'ja' }, fetchPolicy: 'network-only',
    }).then((r) => {
      const list = r.data?.privacyNoticeHistory ?? [];
      setCurrent(r.data?.privacyNotice ?? null);
      setHistory(list);
      setNewerId(list[0]?.id ?? '');
      setOlderId(list[1]?.id ?? list[0]?.id ?? '');
    }).catch((e: unknown) => setError(apiErrorOf(e, locale).message));
  }, [mayView, locale]);

  const diff = useMemo(() => {
    const older = history?.find((n) => n.id === olderId);
    const newer = history?.find((n) => n.id === newerId);
    return older && newer ? noticeDiff(older, newer) : null;
  }, [history, olderId, newerId]);

  if (!permissions) return null;
  if (!mayView) return <Refused />;
  const name = (n: NoticeView) => `${W.version(n.policyVersion)} · ${formatDateTime(n.generatedAt)}`;
  const changed = diff?.filter((d) => d.added.length || d.removed.length) ?? [];

  return (
    <Card sx={{ mt: 1 }}>
      <Title title={W.title} />
      <CardContent>
        {error && <Alert severity="error">{error}</Alert>}
        {current && (
          <Box component="section" aria-labelledby="notice-current-title" data-testid="notice-current" data-version={current.policyVersion} sx={{ mb: 3 }}>
            <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
              <Typography variant="h6" component="h2" id="notice-current-title">{current.title}</Typography>
              <Chip size="small" color="success" label={W.current} />
              <Typography variant="body2" color="text.secondary">
                {`${W.version(current.policyVersion)}(${current.policyLabel}) · ${W.publishedAt}: ${formatDateTime(current.publishedAt)} · ${W.generatedAt}: ${formatDateTime(current.generatedAt)}`}
              </Typography>
              <MuiLink href={`/privacy-notice${locale === 'en' ? '?lang=en' : ''}`} target="_blank" rel="noopener">{W.publicPage}</MuiLink>
            </Stack>
            {current.sections.map((s) => (
              <Box key={s.key} data-testid="notice-section" data-section={s.key} sx={{ mb: 1 }}>
                <Typography variant="subtitle2" component="h3">{s.heading}</Typography>
                <Box component="ul" sx={{ my: 0.25, pl: 3 }}>{s.items.map((i, k) => <li key={k}>{i}</li>)}</Box>
              </Box>
            ))}
          </Box>
        )}
        {history && (
          <Box component="section" aria-labelledby="notice-history-title">
            <Typography variant="h6" component="h2" id="notice-history-title" sx={{ mb: 1 }}>{W.history}</Typography>
            <TableContainer tabIndex={0} role="region" aria-label={W.history} sx={{ maxHeight: '40vh', mb: 2 }}>
              <Table size="small" stickyHeader aria-label={W.history} data-testid="notice-history">
                <TableHead>
                  <TableRow>
                    <TableCell>{W.versionCol}</TableCell><TableCell>{W.cause}</TableCell><TableCell>{W.publishedAt}</TableCell>
                    <TableCell>{W.generatedAt}</TableCell><TableCell>{W.hash}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {history.map((n) => (
                    <TableRow key={n.id} data-testid="notice-row" data-id={n.id} data-version={n.policyVersion} data-cause={n.cause}>
                      <TableCell>{W.version(n.policyVersion)}{n.inForce && <Chip size="small" color="success" label={W.current} sx={{ ml: 1 }} />}</TableCell>
                      <TableCell>{W.causes[n.cause] ?? n.cause}</TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(n.publishedAt)}</TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(n.generatedAt)}</TableCell>
                      <TableCell><Box component="code" title={n.hash} sx={{ fontSize: 12 }}>{n.hash.slice(0, 12)}</Box></TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
            {history.length > 1 && (
              <Stack direction="row" spacing={1} useFlexGap sx={{ mb: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography variant="subtitle1" component="h3">{W.diffTitle}</Typography>
                <NoticeSelect id="notice-older" label={W.older} value={olderId} onChange={setOlderId} options={history} name={name} />
                <Typography aria-hidden>→</Typography>
                <NoticeSelect id="notice-newer" label={W.newer} value={newerId} onChange={setNewerId} options={history} name={name} />
              </Stack>
            )}
            {diff && history.length > 1 && (
              <Box data-testid="notice-diff">
                {changed.length === 0 && <Alert severity="info">{W.noDiff}</Alert>}
                {changed.map((d) => (
                  <Box key={d.key} data-testid="notice-diff-section" data-section={d.key} sx={{ mb: 1 }}>
                    <Typography variant="subtitle2" component="h4">{d.heading}</Typography>
                    <Box component="ul" sx={{ my: 0.25, pl: 0, listStyle: 'none' }}>
                      {d.removed.map((i, k) => (
                        <Box component="li" key={`r${k}`} data-testid="notice-removed" sx={{ bgcolor: '#ffebee', color: '#8e0000', px: 1 }}>
                          <Box component="span" sx={{ fontWeight: 'bold' }}>{`− ${W.removed}: `}</Box>{i}
                        </Box>
                      ))}
                      {d.added.map((i, k) => (
                        <Box component="li" key={`a${k}`} data-testid="notice-added" sx={{ bgcolor: '#e8f5e9', color: '#1b5e20', px: 1 }}>
                          <Box component="span" sx={{ fontWeight: 'bold' }}>{`+ ${W.added}: `}</Box>{i}
                        </Box>
                      ))}
                    </Box>
                  </Box>
                ))}
              </Box>
            )}
          </Box>
        )}
      </CardContent>
    </Card>
  );
}

function NoticeSelect({ id, label, value, onChange, options, name }: {
  id: string; label: string; value: string; onChange(v: string): void; options: NoticeView[]; name(n: NoticeView): string;
}) {
  return (
    <FormControl size="small" sx={{ minWidth: 260 }}>
      <InputLabel id={`${id}-label`}>{label}</InputLabel>
      <Select labelId={`${id}-label`} label={label} value={value} onChange={(e) => onChange(e.target.value)} data-testid={id}>
        {options.map((n) => <MenuItem key={n.id} value={n.id}>{name(n)}</MenuItem>)}
      </Select>
    </FormControl>
  );
}
