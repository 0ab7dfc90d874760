import type pg from 'pg';

/** A column of a bulk insert and the Postgres array type its values are sent as. */
export type ColumnType = 'int' | 'text' | 'bool' | 'date' | 'timestamptz' | 'jsonb' | 'gender' | 'record_source'
  | 'customer_status' | 'consent_purpose' | 'order_status' | 'payment_status' | 'channel' | 'direction' | 'interaction_kind'
  | 'complaint_status';

/**
 * Rows of one table kept column by column, inserted with one `INSERT ... SELECT * FROM unnest($1::int[], ...)`
 * per flush: a handful of parameters whatever the row count, and no per-row statement overhead.
 */
export class TableBuffer {
  private readonly columns: unknown[][];
  private readonly sql: string;
  private rows = 0;

  constructor(readonly table: string, spec: Readonly<Record<string, ColumnType>>) {
    const names = Object.keys(spec);
    this.columns = names.map(() => []);
    const casts = names.map((n, i) => `$${i + 1}::${spec[n]}[]`).join(', ');
    this.sql = `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(', ')}) SELECT * FROM unnest(${casts})`;
  }

  /** One row, values in the order of the spec's columns. */
  add(...values: unknown[]): void {
    for (let i = 0; i < this.columns.length; i++) this.columns[i].push(values[i] ?? null);
    this.rows++;
  }

  get length(): number {
    return this.rows;
  }

  /** The insert for the buffered rows, and an empty buffer. */
  take(): { text: string; values: unknown[][] } | null {
    if (this.rows === 0) return null;
    const values = this.columns.map((c) => c.splice(0, c.length));
    this.rows = 0;
    return { text: this.sql, values };
  }
}

/**
 * Sends batches on one connection without waiting for them, so the next batch is generated while
 * Postgres writes this one; at most one round of batches is in flight, which bounds memory.
 */
export class BulkWriter {
  /** The queued statements run one after another (pg wants one query at a time per client). */
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  rowsWritten = 0;

  constructor(private readonly client: pg.ClientBase) {}

  /** Waits for the previous round, then queues the given buffers in order (parents before children). */
  async flush(...buffers: TableBuffer[]): Promise<void> {
    await this.drain();
    for (const buffer of buffers) {
      const n = buffer.length;
      const query = buffer.take();
      if (!query) continue;
      // Errors are caught at once (no unhandled rejection) and rethrown by drain(); later statements are skipped.
      this.tail = this.tail.then(async () => {
        if (this.failure) return;
        try {
          await this.client.query(query);
          this.rowsWritten += n;
        } catch (error) {
          this.failure = error;
        }
      });
    }
  }

  async drain(): Promise<void> {
    await this.tail;
    if (this.failure) throw this.failure;
  }
}
