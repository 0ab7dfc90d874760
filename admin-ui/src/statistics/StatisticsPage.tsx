import { Alert, Box, Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Title, useLocale, useTranslate } from 'react-admin';
import { STATISTICS_PURPOSE } from '../../../schema/policy';
import { ENUMS, type EnumName } from '../choices';
import { formatYen } from '../fields/format';
import { useDeclarePurpose } from '../layout/useDeclarePurpose';
import { apiErrorOf } from '../providers/apiErrors';
import { useCurrentPurpose } from '../providers/session';
import { BarChart, type Bar } from './BarChart';
import {
  DIMENSION_FIELD, fetchStatistics, METRIC_FIELD, type Dimension, type Metric, type StatisticsCell, type StatisticsFilter,
  type StatisticsResult,
} from './statisticsApi';

/** Dimensions whose values are enums, labelled (and ordered) as the enum. */
const ENUM_OF: Partial<Record<Dimension, EnumName>> = { AGE_BAND: 'ageBand', GENDER: 'gender' };

function Select({ label, value, options, onChange, testId }: {
  label: string; value: string; options: { id: string; name: string }[]; onChange: (v: string) => void; testId: string;
}) {
  return (
    <TextField select size="small" label={label} value={value} onChange={(e) => onChange(e.target.value)} sx={{ minWidth: 180 }} data-testid={testId}>
      {options.map((o) => <MenuItem key={o.id} value={o.id}>{o.name}</MenuItem>)}
    </TextField>
  );
}

/** The bars of a result, labelled by the dimension that result was computed for (not the one chosen since). */
function useBars(result: StatisticsResult | undefined): Bar[] {
  const translate = useTranslate();
  if (!result) return [];
  const enumName = ENUM_OF[result.dimension];
  const field = DIMENSION_FIELD[result.dimension];
  const bars = result.cells.map((cell: StatisticsCell) => {
    const key = cell[field] as string | null;
    const label = key === null ? translate('mamori.statistics.noOrders')
      : enumName ? translate(`mamori.enums.${enumName}.${key}`, { _: key }) : key;
    // The customers without orders are the one group with no value of the dimension.
    return { key: key ?? '', label, value: cell[METRIC_FIELD[result.metric]], suppressed: cell.suppressed };
  });
  if (enumName) {
    const order = ENUMS[enumName] as readonly string[];
    return bars.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  }
  // Months in time order; prefectures and products largest first, suppressed ones last (in name order).
  if (result.dimension === 'MONTH') return bars.sort((a, b) => (a.key || '~').localeCompare(b.key || '~'));
  return bars.sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || a.label.localeCompare(b.label, 'ja'));
}

/**
 * Statistics (統計, purpose 10 「統計データ作成」): k-anonymous aggregates drawn as a bar chart, groups
 * too small to show (or recoverable from totals) marked 秘匿. Never rows, never a person.
 */
export function StatisticsPage() {
  const translate = useTranslate();
  const locale = useLocale();
  const purpose = useCurrentPurpose();
  const declarePurpose = useDeclarePurpose();
  const [dimension, setDimension] = useState<Dimension>('AGE_BAND');
  const [metric, setMetric] = useState<Metric>('CUSTOMERS');
  const [filter, setFilter] = useState<StatisticsFilter>({});
  const underStatistics = purpose === STATISTICS_PURPOSE;
  const result = useQuery({
    queryKey: ['mamori', 'statistics', purpose, dimension, metric, filter],
    queryFn: () => fetchStatistics(dimension, metric, filter),
    enabled: underStatistics,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const bars = useBars(result.data);
  const shownMetric = result.data?.metric ?? metric;
  const format = (v: number) => (shownMetric === 'REVENUE' ? formatYen(v) : v.toLocaleString('ja-JP'));
  const options = (name: EnumName) => ENUMS[name].map((id) => ({ id, name: translate(`mamori.enums.${name}.${id}`) }));
  const anyOf = (name: EnumName) => [{ id: '', name: translate('mamori.statistics.all') }, ...options(name)];
  const setFilterValue = (key: keyof StatisticsFilter) => (value: string) =>
    setFilter(({ [key]: _old, ...rest }) => (value ? { ...rest, [key]: value } : rest));
  const filterLabel = (d: Dimension) => translate('mamori.statistics.filterBy', { what: translate(`mamori.enums.statisticsDimension.${d}`) });
  const total = result.data?.total;
  const title = result.data
    ? `${translate(`mamori.enums.statisticsMetric.${result.data.metric}`)} × ${translate(`mamori.enums.statisticsDimension.${result.data.dimension}`)}`
    : '';

  return (
    <Card sx={{ mt: 1 }}>
      <Title title={translate('mamori.statistics.title')} />
      <CardContent>
        <Typography variant="h6" gutterBottom>{translate('mamori.statistics.title')}</Typography>
        {!underStatistics ? (
          <Alert
            severity="info"
            action={<Button label="mamori.statistics.switch" onClick={() => declarePurpose(STATISTICS_PURPOSE)} />}
            data-testid="statistics-purpose"
          >
            {translate('mamori.statistics.purposeOnly')}
          </Alert>
        ) : (
          <>
            <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2, mt: 1 }}>
              <Select label={translate('mamori.statistics.dimension')} value={dimension} options={options('statisticsDimension')}
                onChange={(v) => setDimension(v as Dimension)} testId="statistics-dimension" />
              <Select label={translate('mamori.statistics.metric')} value={metric} options={options('statisticsMetric')}
                onChange={(v) => setMetric(v as Metric)} testId="statistics-metric" />
              <Select label={filterLabel('AGE_BAND')} value={filter.ageBand ?? ''} options={anyOf('ageBand')}
                onChange={setFilterValue('ageBand')} testId="statistics-filter-age" />
              <Select label={filterLabel('GENDER')} value={filter.gender ?? ''} options={anyOf('gender')}
                onChange={setFilterValue('gender')} testId="statistics-filter-gender" />
            </Stack>
            {result.error && <Alert severity="error">{apiErrorOf(result.error, locale).message}</Alert>}
            {result.data && (
              <Box data-testid="statistics-result">
                <Typography variant="body2" sx={{ mb: 1 }}>
                  {translate('mamori.statistics.total', {
                    value: total && !total.suppressed && total[METRIC_FIELD[shownMetric]] !== null
                      ? format(total[METRIC_FIELD[shownMetric]] as number) : translate('mamori.statistics.suppressed'),
                  })}
                </Typography>
                <Alert severity="info" sx={{ mb: 2 }} data-testid="statistics-suppression">
                  {translate('mamori.statistics.suppression', { k: result.data.k, smart_count: result.data.suppressedCells })}
                </Alert>
                {bars.length === 0
                  ? <Typography variant="body2">{translate('mamori.statistics.empty')}</Typography>
                  : <BarChart bars={bars} format={format} suppressedLabel={translate('mamori.statistics.suppressed')} title={title} />}
              </Box>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
