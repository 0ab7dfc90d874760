import { Alert, Box, Button, Card, CardActions, CardContent, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Title, useCanAccess, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { DASHBOARD_TILES, type DashboardTileKey } from '../../../schema/policy';
import { postGraphql } from '../providers/graphqlFetch';
import { preloadDataLayer } from '../providers/lazyDataProvider';

/** A tile as the server counts it (server/src/modules/dashboard): numbers and dates, never a person. */
interface Tile {
  key: DashboardTileKey;
  count: number;
  overdue: number;
  dueSoon: number;
  nextDue: string | null;
  agreementExpiresAt: string | null;
}

const HOME = 'query homeDashboard { homeDashboard { today tiles { key count overdue dueSoon nextDue agreementExpiresAt } } }';

/**
 * The page after login: how much work waits, per tile the role is offered (the server picks them from
 * schema/policy's DASHBOARD_TILES). Reads no personal data, so logging in records nobody in the trail.
 */
export function HomeDashboard() {
  const translate = useTranslate();
  const { data, error } = useQuery({
    queryKey: ['mamori', 'homeDashboard'],
    queryFn: () => postGraphql<{ homeDashboard: { today: string; tiles: Tile[] } }>(HOME),
  });
  const home = data?.homeDashboard;
  // Once the tiles are shown, the next page (a list) will read through the data layer: fetch it now.
  useEffect(() => { if (home) preloadDataLayer(); }, [home]);
  return (
    <Box component="section" sx={{ mt: 2 }} data-testid="home-dashboard">
      <Title title={translate('mamori.dashboard.title')} />
      <Typography component="h1" variant="h5" gutterBottom>{translate('mamori.dashboard.title')}</Typography>
      {error && <Alert severity="error">{translate('mamori.dashboard.loadFailed')}</Alert>}
      {home && (
        <>
          <Typography variant="body2" color="text.secondary" gutterBottom>{translate('mamori.dashboard.intro', { today: home.today })}</Typography>
          {home.tiles.length === 0 && <Alert severity="info">{translate('mamori.dashboard.none')}</Alert>}
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))' }}>
            {home.tiles.map((tile) => <TileCard key={tile.key} tile={tile} today={home.today} />)}
          </Box>
        </>
      )}
    </Box>
  );
}

function TileCard({ tile, today }: { tile: Tile; today: string }) {
  const translate = useTranslate();
  const rule = DASHBOARD_TILES[tile.key];
  const { canAccess } = useCanAccess({ resource: rule.screen, action: 'list' });
  // A tile's own wording where it counts something else than cases (contractors), else the common one.
  const say = (part: 'count' | 'overdue' | 'dueSoon', args: Record<string, unknown>) =>
    translate(`mamori.dashboard.tiles.${tile.key}.${part}`, { ...args, _: translate(`mamori.dashboard.${part}`, args) });
  const link = `/${rule.screen}?filter=${encodeURIComponent(JSON.stringify(rule.filter ?? {}))}`;
  const titleId = `tile-${tile.key}`;
  const own = rule.scope !== 'all';
  return (
    <Card component="article" aria-labelledby={titleId} data-testid={`tile-${tile.key}`}>
      <CardContent>
        <Typography id={titleId} component="h2" variant="subtitle1">{translate(`mamori.dashboard.tiles.${tile.key}.title`)}</Typography>
        <Typography variant="h4" component="p" data-testid="tile-count">{say('count', { count: tile.count })}</Typography>
        {tile.overdue > 0 && <Typography color="error" sx={{ fontWeight: 'bold' }}>{say('overdue', { count: tile.overdue })}</Typography>}
        {tile.dueSoon > 0 && <Typography>{say('dueSoon', { count: tile.dueSoon, days: rule.soonDays })}</Typography>}
        {tile.nextDue && <Typography variant="body2" color="text.secondary">{translate('mamori.dashboard.nextDue', { date: tile.nextDue })}</Typography>}
        {own && <Agreement until={tile.agreementExpiresAt} today={today} />}
      </CardContent>
      {canAccess && (
        <CardActions>
          <Button component={Link} to={link} size="small" aria-describedby={titleId}>{translate('mamori.dashboard.open')}</Button>
        </CardActions>
      )}
    </Card>
  );
}

/** A contractor's own agreement: its end, and plainly when it has lapsed (its work is then not served). */
function Agreement({ until, today }: { until: string | null; today: string }) {
  const translate = useTranslate();
  if (!until) return <Typography color="error">{translate('mamori.dashboard.noAgreement')}</Typography>;
  if (until < today) return <Typography color="error" sx={{ fontWeight: 'bold' }}>{translate('mamori.dashboard.agreementLapsed', { date: until })}</Typography>;
  return <Typography variant="body2" color="text.secondary">{translate('mamori.dashboard.agreement', { date: until })}</Typography>;
}
