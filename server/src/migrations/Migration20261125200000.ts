import { Migration } from '@mikro-orm/migrations';

/**
 * The trail's btree on (id) alone repeats the primary key (id, at), whose leading column serves the same
 * lookups and id ranges (verification reads by id range). Every access entry paid for both: one index
 * fewer per appended row.
 */
export class Migration20261125200000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index if exists trail_entry_id;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index if not exists trail_entry_id on trail_entry (id);`);
  }
}
