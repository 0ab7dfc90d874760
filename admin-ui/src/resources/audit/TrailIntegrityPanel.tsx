import VerifiedIcon from '@mui/icons-material/VerifiedUser';
import { gql } from '@apollo/client';
import { Alert, Box, Stack, Typography } from '@mui/material';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, useTranslate } from 'react-admin';
import { formatDateTime } from '../../fields/format';
import { graphqlClient } from '../../providers/graphqlClient';

const TRAIL_HEAD = gql`
  query trailHead {
    trailHead { id hash at }
  }
`;
const VERIFY = gql`
  query verifyAccessTrail {
    verifyAccessTrail { ok checked firstBrokenId }
  }
`;

interface Head { id: string; hash: string; at: string | null }
interface Verification { ok: boolean; checked: number; firstBrokenId: string | null }

/**
 * The trail's tamper evidence (【10】【13】): the chain head (its hash can be written down outside the
 * database, to prove later that nothing was rewritten) and a button that re-walks the hash chain.
 */
export function TrailIntegrityPanel() {
  const translate = useTranslate();
  const head = useQuery({
    queryKey: ['mamori', 'trailHead'],
    queryFn: async () => (await graphqlClient.query<{ trailHead: Head }>({ query: TRAIL_HEAD })).data.trailHead,
  });
  const verify = useMutation({
    mutationFn: async () => (await graphqlClient.query<{ verifyAccessTrail: Verification }>({ query: VERIFY })).data.verifyAccessTrail,
    onSettled: () => void head.refetch(),
  });
  const result = verify.data;

  return (
    <Box sx={{ p: 2, borderBottom: 1, borderColor: 'divider' }} data-testid="trail-integrity">
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'center' } }}>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Typography variant="subtitle2">{translate('mamori.trail.integrity')}</Typography>
          {head.data && (
            <Typography variant="body2" color="text.secondary" data-testid="trail-head">
              {translate('mamori.trail.head', { id: head.data.id, at: formatDateTime(head.data.at) })}{' '}
              <Box component="code" sx={{ fontSize: 12, wordBreak: 'break-all' }}>{head.data.hash}</Box>
            </Typography>
          )}
        </Box>
        <Button
          label={verify.isPending ? 'mamori.trail.verifying' : 'mamori.trail.verify'}
          variant="outlined"
          onClick={() => verify.mutate()}
          disabled={verify.isPending}
        >
          <VerifiedIcon />
        </Button>
      </Stack>
      {result && (
        <Alert severity={result.ok ? 'success' : 'error'} sx={{ mt: 1 }} data-testid="trail-verification">
          {result.ok
            ? translate('mamori.trail.ok', { checked: result.checked })
            : translate('mamori.trail.broken', { checked: result.checked, id: result.firstBrokenId })}
        </Alert>
      )}
      {verify.isError && (
        <Alert severity="warning" sx={{ mt: 1 }}>{translate('mamori.trail.failed')}</Alert>
      )}
    </Box>
  );
}
