import { Migration } from '@mikro-orm/migrations';

/** The `trail_entry` view as Migration20261125220000 made it: the columns every reader of the view relies on, in order. */
const COLUMNS = `r.id + coalesce(s.n, 1) - 1 as id, r.at, r.kind, r.staff_id, r.api_key_id, r.role, r.purpose, r.operation, r.query_hash,
        r.request_id, r.client_address, s.customer_id, r.clear_fields, r.masked_fields, r.detail, r.prev_hash, r.hash,
        r.id as record_id, r.customer_ids`;
const FROM = `from trail_record r left join lateral unnest(r.customer_ids) with ordinality as s(customer_id, n) on true`;

/**
 * The `trail_entry` view shows the policy version each entry was decided under (trail_record.policy_version,
 * Migration20261207200000; null before versions existed), so that audit analyses of past reads judge each read
 * under the version it was served under (#23). Added last: `create or replace view` keeps the view's grants and
 * its existing columns.
 */
export class Migration20261209200000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace view trail_entry as select ${COLUMNS}, r.policy_version ${FROM};`);
  }

  override async down(): Promise<void> {
    // A view cannot lose a column in place; it is made again, with its grants taken away as the migration that locked it did.
    this.addSql(`drop view trail_entry;`);
    this.addSql(`create view trail_entry as select ${COLUMNS} ${FROM};`);
    this.addSql(`revoke all on table trail_entry from public;`);
  }
}
