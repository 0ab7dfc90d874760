import { Migration } from '@mikro-orm/migrations';

/**
 * One access record per run of subjects served with the same fields. A page of 100 customers used to
 * write 100 hashed rows with four index entries each (measured: ~40 µs of Postgres and ~25 µs of Node per
 * row, the single largest cost of a list read); now it writes one row holding the 100 customer ids.
 *
 * - `trail_record` is the stored, chained table (the old `trail_entry`, renamed): a record of n subjects
 *   takes the n consecutive entry ids `id … id + n - 1`, so the chain head's `last_id` still counts entries.
 * - `trail_entry` becomes a view with one row per entry, as before (same columns, plus `record_id` and
 *   `customer_ids`): every reader keeps its meaning. Readers that look up one customer also filter on
 *   `customer_ids @> array[id]` so the GIN index is used.
 */
export class Migration20261125220000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table trail_entry rename to trail_record;`);
    this.addSql(`alter table trail_record add column customer_ids int[] not null default '{}';`);
    this.addSql(`alter table trail_record disable trigger trail_entry_append_only;`);
    this.addSql(`update trail_record set customer_ids = array[customer_id] where customer_id is not null;`);
    this.addSql(`alter table trail_record enable trigger trail_entry_append_only;`);
    this.addSql(`alter table trail_record drop column customer_id;`);
    this.addSql(`create index trail_record_customer_ids on trail_record using gin (customer_ids);`);
    this.addSql(`create view trail_entry as
      select r.id + coalesce(s.n, 1) - 1 as id, r.at, r.kind, r.staff_id, r.api_key_id, r.role, r.purpose, r.operation, r.query_hash,
        r.request_id, r.client_address, s.customer_id, r.clear_fields, r.masked_fields, r.detail, r.prev_hash, r.hash,
        r.id as record_id, r.customer_ids
      from trail_record r left join lateral unnest(r.customer_ids) with ordinality as s(customer_id, n) on true;`);
    this.addSql(`revoke insert, update, delete, truncate on trail_entry from public;`);
    this.addSql(ensurePartitionOf('trail_record'));
  }

  override async down(): Promise<void> {
    this.addSql(`drop view trail_entry;`);
    this.addSql(`alter table trail_record add column customer_id int null;`);
    this.addSql(`alter table trail_record disable trigger trail_entry_append_only;`);
    this.addSql(`update trail_record set customer_id = customer_ids[1] where cardinality(customer_ids) = 1;`);
    this.addSql(`alter table trail_record enable trigger trail_entry_append_only;`);
    this.addSql(`drop index trail_record_customer_ids;`);
    this.addSql(`alter table trail_record drop column customer_ids;`);
    this.addSql(`alter table trail_record rename to trail_entry;`);
    this.addSql(`create index trail_entry_customer_at on trail_entry (customer_id, at) where customer_id is not null;`);
    this.addSql(ensurePartitionOf('trail_entry'));
  }
}

/** `ensure_trail_partition(month)`: creates the monthly partition of `parent` holding `month` if missing. */
function ensurePartitionOf(parent: 'trail_record' | 'trail_entry'): string {
  return `create or replace function ensure_trail_partition(month date) returns void language plpgsql as $$
      declare
        first date := date_trunc('month', month)::date;
        name text := 'trail_entry_' || to_char(first, 'YYYY_MM');
      begin
        if to_regclass(name) is null and not exists (
          select 1 from trail_entry_default where at >= first and at < (first + interval '1 month')) then
          execute format('create table %I partition of ${parent} for values from (%L) to (%L)', name, first, first + interval '1 month');
        end if;
      end $$;`;
}
