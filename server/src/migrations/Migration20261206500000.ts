import { Migration } from '@mikro-orm/migrations';

/**
 * The trail holds against the application's own database login (#20). The server connects as an
 * application role that may only read and append (grants: db/roles.ts); what it may not do is the owner's:
 *
 * - The chain head moves only in `trail_record_advance_head`, a statement trigger owned by the owner
 *   (SECURITY DEFINER): every INSERT into `trail_record` must continue the chain from the head (contiguous
 *   entry ids, each record linked to the one before), and the head then names its last record. An append
 *   that does not continue the chain fails whole (SQLSTATE 40001: chain it again from the new head).
 * - `trail_lock_head(nowait)` locks and reads the head for an append (FOR UPDATE needs UPDATE rights,
 *   which the application role does not get).
 * - Each of these functions runs with `pg_temp` last on its search path: a temporary table named like the
 *   head cannot stand in for it.
 * - `ensure_trail_partition` runs as the owner, so the application role can create next month's partition
 *   without owning the table; the partition it creates gets no grant at all (default privileges of the owner
 *   included): rows reach a partition only through the parent, whose statement trigger checks the chain.
 */
export class Migration20261206500000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function trail_lock_head(nowait boolean default false)
      returns table (last_id bigint, last_hash char(64)) language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
      begin
        if nowait then
          return query select h.last_id, h.last_hash from trail_head h where h.singleton for update nowait;
        else
          return query select h.last_id, h.last_hash from trail_head h where h.singleton for update;
        end if;
      end $$;`);
    this.addSql(`create function trail_record_advance_head() returns trigger
      language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
      declare
        head record;
        broken bigint;
        tail record;
      begin
        select h.last_id, h.last_hash into head from trail_head h where h.singleton for update;
        -- Each record takes one entry id per subject (at least one): the next record starts after them.
        with r as (
          select a.id, a.prev_hash, a.hash, greatest(cardinality(a.customer_ids), 1) as n,
            lag(a.id) over w as before_id, lag(a.hash) over w as before_hash, lag(greatest(cardinality(a.customer_ids), 1)) over w as before_n
          from added a window w as (order by a.id))
        select count(*) into broken from r
          where (before_id is null and (r.id <> head.last_id + 1 or r.prev_hash <> head.last_hash))
             or (before_id is not null and (r.id <> before_id + before_n or r.prev_hash <> before_hash));
        if broken > 0 then
          raise exception 'trail append does not continue the chain from its head (entry %)', head.last_id
            using errcode = 'serialization_failure';
        end if;
        select a.id + greatest(cardinality(a.customer_ids), 1) - 1 as last_id, a.hash into tail from added a order by a.id desc limit 1;
        if found then
          update trail_head set last_id = tail.last_id, last_hash = tail.hash where singleton;
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger trail_record_chain after insert on trail_record
      referencing new table as added for each statement execute function trail_record_advance_head();`);
    this.addSql(`create or replace function ensure_trail_partition(month date) returns void
      language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
      declare
        first date := date_trunc('month', month)::date;
        name text := 'trail_entry_' || to_char(first, 'YYYY_MM');
      begin
        -- Schema-qualified: pg_catalog comes first on this function's search path.
        if to_regclass(format('public.%I', name)) is null and not exists (
          select 1 from public.trail_entry_default where at >= first and at < (first + interval '1 month')) then
          execute format('create table public.%I partition of public.trail_record for values from (%L) to (%L)', name, first, first + interval '1 month');
          perform public.trail_revoke_partition_grants(format('public.%I', name)::regclass);
        end if;
      end $$;`);
    // Whoever holds a grant on a partition (PUBLIC, or a role the owner's default privileges name) loses it.
    this.addSql(`create function trail_revoke_partition_grants(part regclass) returns void
      language plpgsql set search_path = pg_catalog, public, pg_temp as $$
      declare
        grantee text;
      begin
        execute format('revoke all on table %s from public', part);
        for grantee in select distinct a.grantee::regrole::text from pg_class c, aclexplode(c.relacl) a
          where c.oid = part and a.grantee <> c.relowner and a.grantee <> 0 loop
          execute format('revoke all on table %s from %s', part, grantee);
        end loop;
      end $$;`);
    this.addSql(`select trail_revoke_partition_grants(i.inhrelid::regclass) from pg_inherits i where i.inhparent = 'trail_record'::regclass;`);
    this.addSql(`revoke all on table trail_record, trail_head, trail_entry from public;`);
    this.addSql(`revoke all on function trail_lock_head(boolean), trail_record_advance_head(), ensure_trail_partition(date),
      trail_revoke_partition_grants(regclass), trail_reject_change() from public;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists trail_record_chain on trail_record;`);
    this.addSql(`drop function if exists trail_record_advance_head();`);
    this.addSql(`drop function if exists trail_lock_head(boolean);`);
    this.addSql(`create or replace function ensure_trail_partition(month date) returns void language plpgsql as $$
      declare
        first date := date_trunc('month', month)::date;
        name text := 'trail_entry_' || to_char(first, 'YYYY_MM');
      begin
        if to_regclass(name) is null and not exists (
          select 1 from trail_entry_default where at >= first and at < (first + interval '1 month')) then
          execute format('create table %I partition of trail_record for values from (%L) to (%L)', name, first, first + interval '1 month');
        end if;
      end $$;`);
    this.addSql(`drop function if exists trail_revoke_partition_grants(regclass);`);
  }
}
