import { Migration } from '@mikro-orm/migrations';

/**
 * The public notice's history (#23 item 5, APPI arts. 21 and 32): each row is the notice as it was published,
 * generated from a published policy version and the settings in force (fees, contractors abroad). A new row
 * comes with each publication or restore of a version, and whenever a setting the notice states changes
 * under the same version; rows never change or go (trigger), so what the store told the public on any day
 * can be shown later. (No truncate trigger: the application role may not truncate, and a development
 * re-seed empties policy_version, and with it this table, by cascade.) `hash` is sha256 of the canonical JSON of `content`, `previous_hash` the row before's.
 */
export class Migration20261208200000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table policy_notice (
      id serial primary key,
      policy_version int not null references policy_version (number),
      published_at timestamptz not null,
      generated_at timestamptz not null default now(),
      cause text not null check (cause in ('PUBLICATION', 'RESTORE', 'SETTINGS', 'START')),
      content jsonb not null,
      hash text not null check (hash ~ '^[0-9a-f]{64}$'),
      previous_hash text null
    );`);
    this.addSql(`create index policy_notice_version on policy_notice (policy_version, id);`);
    this.addSql(`create function policy_notice_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'the public notice''s history never changes (%)', tg_op;
      end $$;`);
    this.addSql(`create trigger policy_notice_immutable before update or delete on policy_notice
      for each row execute function policy_notice_immutable();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists policy_notice;`);
    this.addSql(`drop function if exists policy_notice_immutable();`);
  }
}
