import client from 'prom-client';

// prom-client finds a label set's values on every update by building a string of its labels and looking it up
// (its `labels()` children do it too): ~2 µs each, five times per request. The series here are found through a
// tree of maps by label value and updated in place; what a scrape or a test reads (`get()`) has the same names,
// labels, values and order as prom-client's own metrics give.

/** Label sets by their values, in the order of the metric's label names. */
class SeriesTree<S> {
  private readonly root = new Map<string, unknown>();
  /** Every series, in the order first used (prom-client lists its label sets so). */
  readonly all: S[] = [];

  constructor(private readonly depth: number, private readonly make: (values: readonly string[], given?: object) => S) {}

  /** The series of `values`, made on first use (with the labels object `given`, as prom-client keeps the caller's). */
  find(values: readonly string[], given?: object): S {
    let node = this.root;
    for (let i = 0; i < this.depth - 1; i++) {
      let next = node.get(values[i]) as Map<string, unknown> | undefined;
      if (!next) node.set(values[i], (next = new Map()));
      node = next;
    }
    const last = this.depth ? values[this.depth - 1] : '';
    let series = node.get(last) as S | undefined;
    if (!series) {
      node.set(last, (series = this.make(values, given)));
      this.all.push(series);
    }
    return series;
  }

  delete(values: readonly string[]): void {
    let node: Map<string, unknown> | undefined = this.root;
    for (let i = 0; node && i < this.depth - 1; i++) node = node.get(values[i]) as Map<string, unknown> | undefined;
    const last = this.depth ? values[this.depth - 1] : '';
    const series = node?.get(last) as S | undefined;
    if (!node || series === undefined) return;
    node.delete(last);
    this.all.splice(this.all.indexOf(series), 1);
  }

  clear(): void {
    this.root.clear();
    this.all.length = 0;
  }
}

type Labels<T extends string> = Partial<Record<T, string | number>>;

function labelsOf<T extends string>(names: readonly T[], values: readonly string[]): Labels<T> {
  const labels: Labels<T> = {};
  names.forEach((name, i) => { if (values[i] !== undefined) labels[name] = values[i]; });
  return labels;
}

/** A labels object as label values (prom-client's own check: no label it was not made with). */
function valuesOf<T extends string>(names: readonly T[], labels: Labels<T>): string[] {
  for (const key of Object.keys(labels)) {
    if (!names.includes(key as T)) throw new Error(`Added label "${key}" is not included in initial labelset: ${JSON.stringify(names)}`);
  }
  return names.map((name) => (labels[name] === undefined ? undefined : String(labels[name]))) as string[];
}

function labelNamesOf<T extends string>(metric: object): readonly T[] {
  return (metric as { labelNames: T[] }).labelNames;
}

export class CounterSeries<T extends string> {
  pending = 0;
  /** Whether the counter holds this label set yet (prom-client lists a label set once it is first increased, by 0 too). */
  held = false;
  constructor(readonly labels: Labels<T>) {}
  inc(): void { this.pending += 1; }
}

/**
 * A prom-client counter whose label sets are found once (`series(...)`); increments wait on the series and are
 * added to the counter when it is read (`get()`: a scrape or a test), so every reader sees every increment.
 * `inc(labels, n)` goes through the same series (the order of label sets is the order of first use, as prom-client's).
 */
export class BoundCounter<T extends string> extends client.Counter<T> {
  private tree?: SeriesTree<CounterSeries<T>>;
  private readonly add: (labels: Labels<T>, value: number) => void;

  constructor(config: client.CounterConfiguration<T>) {
    if (config.enableExemplars) throw new Error('BoundCounter: exemplars are not kept');
    super(config);
    const add = this.inc.bind(this) as (labels: Labels<T>, value: number) => void;
    this.add = add;
    const inc = (labelsOrValue?: Labels<T> | number, value?: number) => {
      const labels = typeof labelsOrValue === 'object' ? labelsOrValue : {};
      const by = typeof labelsOrValue === 'object' ? value : labelsOrValue;
      if (by !== undefined && by !== null && !Number.isFinite(by)) throw new TypeError(`Value is not a valid number: ${by}`);
      if (by !== undefined && by !== null && by < 0) throw new Error('It is not possible to decrease a counter');
      this.find(valuesOf(labelNamesOf<T>(this), labels), labels).pending += by ?? 1;
    };
    this.inc = inc as client.Counter<T>['inc'];
  }

  private find(values: readonly string[], given?: Labels<T>): CounterSeries<T> {
    const names = labelNamesOf<T>(this);
    this.tree ??= new SeriesTree(names.length, (v, labels) => new CounterSeries(labels ? { ...labels } : labelsOf(names, v)));
    return this.tree.find(values, given);
  }

  /** The series of these label values (one per label name, in their order). */
  series(...values: string[]): CounterSeries<T> {
    return this.find(values);
  }

  override async get(): ReturnType<client.Counter<T>['get']> {
    for (const s of this.tree?.all ?? []) {
      if (s.pending || !s.held) this.add(s.labels, s.pending);
      s.pending = 0;
      s.held = true;
    }
    return super.get();
  }

  override remove(...args: [Labels<T>] | string[]): void {
    this.tree?.delete(typeof args[0] === 'object' ? valuesOf(labelNamesOf<T>(this), args[0]) : args as string[]);
    super.remove(...(args as string[]));
  }

  override reset(): void {
    this.tree?.clear();
    super.reset();
  }
}

export class HistogramSeries<T extends string> {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(readonly labels: Labels<T>, private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) { this.counts[i] += 1; break; }
    }
    this.sum += value;
    this.count += 1;
  }
}

/**
 * A prom-client histogram whose label sets are found once (`series(...)`) and observed in place. Everything
 * prom-client's histogram offers without exemplars works on the same series (observe with labels, labels(),
 * startTimer, zero, remove, reset), and `get()` lists them as prom-client does: each label set's cumulative
 * buckets, +Inf, sum and count, in the order the label sets were first used.
 */
export class BoundHistogram<T extends string> extends client.Histogram<T> {
  private tree?: SeriesTree<HistogramSeries<T>>;

  constructor(config: client.HistogramConfiguration<T>) {
    if (config.enableExemplars) throw new Error('BoundHistogram: exemplars are not kept');
    super(config);
    const observe = (labelsOrValue: Labels<T> | number, value?: number) => {
      if (typeof labelsOrValue === 'number') this.find([]).observe(labelsOrValue);
      else this.findByLabels(labelsOrValue ?? {}).observe(value!);
    };
    this.observe = observe as client.Histogram<T>['observe'];
  }

  private get bounds(): readonly number[] {
    return (this as unknown as { upperBounds: number[] }).upperBounds;
  }

  private find(values: readonly string[], given?: Labels<T>): HistogramSeries<T> {
    const names = labelNamesOf<T>(this);
    this.tree ??= new SeriesTree(names.length, (v, labels) => new HistogramSeries(labels ? { ...labels } : labelsOf(names, v), this.bounds));
    return this.tree.find(values, given);
  }

  /** The series of a labels object (prom-client's own check: no label the metric was not made with). */
  private findByLabels(labels: Labels<T>): HistogramSeries<T> {
    return this.find(valuesOf(labelNamesOf<T>(this), labels), labels);
  }

  /** The series of these label values (one per label name, in their order). */
  series(...values: string[]): HistogramSeries<T> {
    return this.find(values);
  }

  override labels(...args: [Labels<T>] | string[]): client.Histogram.Internal<T> {
    const s = typeof args[0] === 'object' ? this.findByLabels(args[0]) : this.find(args as string[]);
    return {
      observe: (value: number) => s.observe(value),
      startTimer: () => {
        const start = process.hrtime();
        return () => {
          const [seconds, nanos] = process.hrtime(start);
          const value = seconds + nanos / 1e9;
          s.observe(value);
          return value;
        };
      },
    };
  }

  override zero(labels: Labels<T>): void {
    const s = this.findByLabels(labels);
    s.counts.fill(0);
    s.sum = 0;
    s.count = 0;
  }

  override remove(...args: [Labels<T>] | string[]): void {
    this.tree?.delete(typeof args[0] === 'object' ? valuesOf(labelNamesOf<T>(this), args[0]) : args as string[]);
  }

  override reset(): void {
    this.tree?.clear();
  }

  /**
   * What the registry formats (prom-client's own histogram has it, and its `get()` reads it): each label set's
   * cumulative buckets, +Inf, sum and count, the set's labels as `sharedLabels`, exactly as prom-client gives them.
   */
  async getForPromString(): Promise<{ name: string; help: string; type: string; aggregator: client.Aggregator; values: PromValue<T>[] }> {
    const self = this as unknown as { name: string; help: string; type: string; aggregator: client.Aggregator };
    const values: PromValue<T>[] = [];
    const list = this.tree?.all ?? (labelNamesOf(this).length ? [] : [this.find([])]);
    for (const s of list) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += s.counts[i];
        values.push({ labels: { le: bound }, sharedLabels: s.labels, value: cumulative, metricName: `${self.name}_bucket`, exemplar: null });
      });
      values.push({ labels: { le: '+Inf' }, sharedLabels: s.labels, value: s.count, metricName: `${self.name}_bucket`, exemplar: null },
        { labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${self.name}_sum`, exemplar: undefined },
        { labels: {}, sharedLabels: s.labels, value: s.count, metricName: `${self.name}_count`, exemplar: undefined });
    }
    return { name: self.name, help: self.help, type: self.type, values, aggregator: self.aggregator };
  }
}

interface PromValue<T extends string> {
  labels: { le?: number | string };
  sharedLabels: Labels<T>;
  value: number;
  metricName: string;
  exemplar: null | undefined;
}
