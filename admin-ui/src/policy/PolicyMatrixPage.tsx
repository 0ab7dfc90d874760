import {
  Alert, Box, Card, CardContent, Chip, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography,
} from '@mui/material';
import { Fragment, useMemo } from 'react';
import { Title, usePermissions, useTranslate } from 'react-admin';
import { CATEGORY_KEYS, ROLE_KEYS, type Access, type PurposeKey } from '../../../schema/policy';
import type { Permissions } from '../access';
import { useCurrentPurpose } from '../providers/session';

/** Clear green · masked amber · hidden grey; the label is written in every cell, not conveyed by colour alone. */
const COLOURS: Record<Access, { bg: string; fg: string }> = {
  CLEAR: { bg: '#c8e6c9', fg: '#1b5e20' },
  MASKED: { bg: '#ffe0b2', fg: '#8a4b00' },
  HIDDEN: { bg: '#e0e0e0', fg: '#616161' },
};

function AccessCell({ access }: { access: Access }) {
  const translate = useTranslate();
  return (
    <TableCell align="center" sx={{ bgcolor: COLOURS[access].bg, color: COLOURS[access].fg, fontSize: 12, px: 0.5 }}>
      {translate(`mamori.access.${access}`)}
    </TableCell>
  );
}

/**
 * The policy matrix (custom route /policy): role × purpose × data category of the version in force, computed by
 * its compiled buildMatrix() — the same decisions the server's masking makes. A contractor is sent only its own
 * role's part of the version (server: policyInForce), so it sees its own rows.
 */
export function PolicyMatrixPage() {
  const translate = useTranslate();
  const { permissions, isPending } = usePermissions<Permissions>();
  const currentPurpose = useCurrentPurpose();
  const policy = permissions?.policy ?? null;
  const matrix = useMemo(() => policy?.rules.buildMatrix() ?? null, [policy]);
  if (isPending) return null;
  if (!policy || !matrix) {
    return (
      <Card sx={{ mt: 1 }}>
        <Title title={translate('mamori.policy.title')} />
        <CardContent><Alert severity="warning" data-testid="policy-not-loaded">{translate('mamori.policy.not_loaded')}</Alert></CardContent>
      </Card>
    );
  }
  const roles = ROLE_KEYS.filter((role) => Object.prototype.hasOwnProperty.call(matrix, role));

  return (
    <Card sx={{ mt: 1 }}>
      <Title title={translate('mamori.policy.title')} />
      <CardContent>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 1, alignItems: { sm: 'center' }, flexWrap: 'wrap' }} useFlexGap>
          <Typography variant="h6">{translate('mamori.policy.title')}</Typography>
          <Chip label={translate('mamori.policy.version', { number: policy.number, label: policy.label })} size="small" data-testid="policy-version" />
          <Stack direction="row" spacing={1}>
            {(Object.keys(COLOURS) as Access[]).map((access) => (
              <Chip
                key={access}
                size="small"
                label={translate(`mamori.access.${access}`)}
                sx={{ bgcolor: COLOURS[access].bg, color: COLOURS[access].fg }}
              />
            ))}
          </Stack>
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('mamori.policy.intro')}
        </Typography>
        {/* A scrolling box is reached by keyboard (Tab, then the arrow keys scroll it). */}
        <TableContainer sx={{ maxHeight: '75vh' }} tabIndex={0} role="region" aria-label={translate('mamori.policy.title')}>
          <Table size="small" stickyHeader aria-label={translate('mamori.policy.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{translate('mamori.policy.role')}</TableCell>
                <TableCell>{translate('mamori.policy.purpose')}</TableCell>
                {CATEGORY_KEYS.map((category) => (
                  <TableCell key={category} align="center" sx={{ fontSize: 12, minWidth: 64, px: 0.5 }}>
                    {translate(`mamori.categories.${category}`)}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {roles.map((role) => {
                const purposes = Object.keys(matrix[role]) as PurposeKey[];
                const mine = permissions?.role === role;
                const roleCell = (
                  <TableCell rowSpan={Math.max(purposes.length, 1)} sx={{ fontWeight: mine ? 700 : 400, verticalAlign: 'top', whiteSpace: 'nowrap' }}>
                    {translate(`mamori.roles.${role}`)}
                    <Box component="div" sx={{ fontSize: 11, color: 'text.secondary' }}>{role}</Box>
                  </TableCell>
                );
                if (purposes.length === 0) {
                  return (
                    <TableRow key={role}>
                      {roleCell}
                      <TableCell colSpan={CATEGORY_KEYS.length + 1} sx={{ color: 'text.secondary' }}>
                        {translate('mamori.policy.no_purpose')}
                      </TableCell>
                    </TableRow>
                  );
                }
                return (
                  <Fragment key={role}>
                    {purposes.map((purpose, i) => (
                      <TableRow key={purpose} selected={mine && purpose === currentPurpose}>
                        {i === 0 && roleCell}
                        <TableCell sx={{ fontSize: 12, minWidth: 140, maxWidth: 240 }}>{translate(`mamori.purposes.${purpose}`)}</TableCell>
                        {CATEGORY_KEYS.map((category) => (
                          <AccessCell key={category} access={matrix[role][purpose]?.[category] ?? 'HIDDEN'} />
                        ))}
                      </TableRow>
                    ))}
                  </Fragment>
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
      </CardContent>
    </Card>
  );
}
