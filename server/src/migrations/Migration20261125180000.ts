import { Migration } from '@mikro-orm/migrations';

/**
 * The access trail (【10】【13】): one append-only, hash-chained table for access, change and security
 * events, partitioned by month. UPDATE, DELETE and TRUNCATE are rejected by triggers.
 */
export class Migration20261125180000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table trail_entry (
      id bigint not null,
      at timestamptz not null,
      kind text not null check (kind in ('ACCESS', 'CHANGE', 'SECURITY')),
      staff_id int null,
      api_key_id int null,
      role text null,
      purpose text null,
      operation text null,
      query_hash text null,
      request_id text null,
      client_address text null,
      customer_id int null,
      clear_fields text[] not null default '{}',
      masked_fields text[] not null default '{}',
      detail jsonb not null default '{}',
      prev_hash char(64) not null,
      hash char(64) not null,
      primary key (id, at)
    ) partition by range (at);`);
    this.addSql(`create index trail_entry_customer_at on trail_entry (customer_id, at) where customer_id is not null;`);
    this.addSql(`create index trail_entry_staff_at on trail_entry (staff_id, at);`);
    this.addSql(`create index trail_entry_kind_at on trail_entry (kind, at);`);
    this.addSql(`create index trail_entry_id on trail_entry (id);`);
    this.addSql(`create table trail_entry_default partition of trail_entry default;`);
    // Creates the monthly partition holding `month` if missing (called at start-up for this and next month).
    this.addSql(`create function ensure_trail_partition(month date) returns void language plpgsql as $$
      declare
        first date := date_trunc('month', month)::date;
        name text := 'trail_entry_' || to_char(first, 'YYYY_MM');
      begin
        if to_regclass(name) is null and not exists (
          select 1 from trail_entry_default where at >= first and at < (first + interval '1 month')) then
          execute format('create table %I partition of trail_entry for values from (%L) to (%L)', name, first, first + interval '1 month');
        end if;
      end $$;`);
    this.addSql(`select ensure_trail_partition((now() at time zone 'UTC')::date);`);
    this.addSql(`select ensure_trail_partition(((now() at time zone 'UTC') + interval '1 month')::date);`);
    this.addSql(`create table trail_head (
      singleton boolean primary key default true check (singleton),
      last_id bigint not null,
      last_hash char(64) not null
    );`);
    this.addSql(`insert into trail_head values (true, 0, repeat('0', 64));`);
    this.addSql(`create function trail_reject_change() returns trigger language plpgsql as $$
      begin
        raise exception 'the trail is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(`create trigger trail_entry_append_only before update or delete on trail_entry
      for each row execute function trail_reject_change();`);
    this.addSql(`create trigger trail_entry_no_truncate before truncate on trail_entry
      for each statement execute function trail_reject_change();`);
    this.addSql(`create trigger trail_head_no_delete before delete or truncate on trail_head
      for each statement execute function trail_reject_change();`);
    this.addSql(`revoke update, delete, truncate on trail_entry from public;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists trail_entry cascade;`);
    this.addSql(`drop table if exists trail_head cascade;`);
    this.addSql(`drop function if exists trail_reject_change();`);
    this.addSql(`drop function if exists ensure_trail_partition(date);`);
  }
}
