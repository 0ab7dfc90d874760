import { Migration } from '@mikro-orm/migrations';

/** Settings the privacy manager keeps (legal retention: fiscal year end, entity type, loss years; later the live-data schedule and fees). */
export class Migration20261204090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table privacy_setting (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by int null references staff (id) on update cascade
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists privacy_setting;`);
  }
}
