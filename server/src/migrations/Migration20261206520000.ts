import { Migration } from '@mikro-orm/migrations';

/**
 * Crypto-shredding (#20): each customer's data key for the personal values the trail keeps about them,
 * stored only wrapped by the trail key (outside the database). An erasure deletes the row; a customer row
 * purged by the retention sweep takes its key with it.
 */
export class Migration20261206520000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table trail_subject_key (
      customer_id int primary key references customer (id) on update cascade on delete cascade,
      wrapped bytea not null check (length(wrapped) = 60),
      created_at timestamptz not null default now()
    );`);
    this.addSql(`revoke all on table trail_subject_key from public;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists trail_subject_key;`);
  }
}
