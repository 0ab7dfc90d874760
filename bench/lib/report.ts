// What a suite reports: one row per figure, printed as one table at the end of the run.
export interface BenchRow {
  target: string;
  measure: string;
  /** The figure, already formatted with its unit. */
  value: string;
  /** The baseline measured in the same run, formatted. */
  baseline?: string;
  /** value ÷ baseline (or whatever the goal is stated in). */
  ratio?: number;
  goal?: string;
  pass?: boolean;
}

export interface BenchContext {
  /** Seconds per load run. */
  seconds: number;
  /** A/B rounds per comparison; medians are reported. */
  rounds: number;
  log(message: string): void;
  report(row: BenchRow): void;
}

export type Suite = (ctx: BenchContext) => Promise<void>;

export const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
export const perSecond = (x: number) => `${Math.round(x)}/s`;

/** The rows as an aligned text table. */
export function formatTable(rows: BenchRow[]): string {
  const header = ['target', 'measure', 'value', 'baseline', 'ratio', 'goal', 'ok'];
  const cells = rows.map((r) => [
    r.target, r.measure, r.value, r.baseline ?? '', r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`, r.goal ?? '',
    r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
  ]);
  const width = header.map((h, i) => Math.max(h.length, ...cells.map((c) => [...c[i]].length)));
  const line = (c: string[]) => c.map((v, i) => v + ' '.repeat(width[i] - [...v].length)).join(' │ ');
  return [line(header), width.map((w) => '─'.repeat(w)).join('─┼─'), ...cells.map(line)].join('\n');
}
