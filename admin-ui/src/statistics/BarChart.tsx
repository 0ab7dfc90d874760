import { useTheme } from '@mui/material';

export interface Bar {
  key: string;
  label: string;
  /** Null when suppressed. */
  value: number | null;
  suppressed: boolean;
}

interface BarChartProps {
  bars: readonly Bar[];
  format: (value: number) => string;
  /** Written on a suppressed bar instead of a number (秘匿). */
  suppressedLabel: string;
  title: string;
}

const WIDTH = 880;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 110;
const ROW = 26;
const TOP = 28;
const STUB = 36;

/** 1, 2 or 5 × 10ⁿ at or above `max / 4`: four round gridlines. */
function tickStep(max: number): number {
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough || 1));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough) ?? rough;
}

/**
 * A horizontal bar chart drawn as plain SVG (no chart library: a few hundred bytes instead of a
 * bundle). A suppressed group is drawn as a short hatched stub marked 秘匿, never with a length that
 * would hint at its size.
 */
export function BarChart({ bars, format, suppressedLabel, title }: BarChartProps) {
  const theme = useTheme();
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const max = Math.max(0, ...bars.map((b) => b.value ?? 0));
  const step = tickStep(max);
  const top = max > 0 ? Math.ceil(max / step) * step : 1;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const x = (v: number) => LABEL_WIDTH + (v / top) * plot;
  const height = TOP + bars.length * ROW + 8;
  const text = theme.palette.text.primary;
  const muted = theme.palette.text.secondary;

  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-label={title}
      style={{ maxWidth: WIDTH, fontFamily: theme.typography.fontFamily, fontSize: 12 }}
      data-testid="statistics-chart"
    >
      <title>{title}</title>
      <defs>
        <pattern id="suppressed-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill={theme.palette.grey[100]} />
          <line x1="0" y1="0" x2="0" y2="6" stroke={theme.palette.grey[400]} strokeWidth="2" />
        </pattern>
      </defs>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={TOP - 6} y2={height - 8} stroke={theme.palette.divider} />
          <text x={x(t)} y={TOP - 10} textAnchor="middle" fill={muted}>{format(t)}</text>
        </g>
      ))}
      {bars.map((bar, i) => {
        const y = TOP + i * ROW;
        const mid = y + ROW / 2;
        const end = bar.suppressed || bar.value === null ? LABEL_WIDTH + STUB : x(bar.value);
        return (
          <g key={`${i}:${bar.key}`} data-testid="statistics-bar" data-suppressed={bar.suppressed ? 'true' : 'false'} data-label={bar.label}>
            <title>{`${bar.label}: ${bar.suppressed || bar.value === null ? suppressedLabel : format(bar.value)}`}</title>
            <text x={LABEL_WIDTH - 8} y={mid} textAnchor="end" dominantBaseline="central" fill={text}>{bar.label}</text>
            {bar.suppressed || bar.value === null ? (
              <rect x={LABEL_WIDTH} y={y + 4} width={STUB} height={ROW - 8} fill="url(#suppressed-hatch)" stroke={theme.palette.grey[500]} strokeDasharray="3 2" />
            ) : (
              <rect x={LABEL_WIDTH} y={y + 4} width={Math.max(end - LABEL_WIDTH, 1)} height={ROW - 8} fill={theme.palette.primary.main} rx={2} />
            )}
            <text
              x={end + 6}
              y={mid}
              dominantBaseline="central"
              fill={bar.suppressed ? muted : text}
              fontWeight={bar.suppressed ? 700 : 400}
              data-testid="statistics-value"
            >
              {bar.suppressed || bar.value === null ? suppressedLabel : format(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
