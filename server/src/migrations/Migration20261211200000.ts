import { Migration } from '@mikro-orm/migrations';

/** Each record takes one entry id per subject (at least one): the next record starts after them. */
const IDS = 'greatest(cardinality(a.customer_ids), 1)';

/**
 * The chain trigger (`trail_record_advance_head`, Migration20261206500000) checks an append and moves the head in
 * one statement instead of four (lock the head, check the links, find the last record, move the head): an UPDATE
 * of the head whose condition is the check. The update takes the head's row lock itself; if another append moved
 * the head meanwhile, PostgreSQL evaluates the condition again against the head that append left, so an append
 * that no longer continues the chain updates nothing and fails whole with SQLSTATE 40001, as before. What is
 * checked is unchanged: entry ids contiguous (one per subject), each record's `prev_hash` the hash of the record
 * before it, the first one's the head's; stored records are not touched, so every old record verifies as it did.
 */
export class Migration20261211200000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function trail_record_advance_head() returns trigger
      language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
      begin
        update trail_head h set last_id = s.last_id, last_hash = s.last_hash
          from (
            select count(*) filter (where r.next_id is not null and (r.id <> r.next_id or r.prev_hash <> r.next_prev)) as broken,
              max(r.id) filter (where r.next_id is null) as first_id,
              max(r.prev_hash) filter (where r.next_id is null) as first_prev,
              max(r.last_id) as last_id,
              max(r.hash) filter (where r.is_last) as last_hash
            from (
              -- next_id / next_prev: where the record before this one says this one must start, and its hash.
              select a.id, a.prev_hash, a.hash, a.id + ${IDS} - 1 as last_id,
                lag(a.id + ${IDS}) over w as next_id, lag(a.hash) over w as next_prev, lead(a.id) over w is null as is_last
              from added a window w as (order by a.id)) r
          ) s
          -- One condition (IS TRUE), not three: equalities between s and h would be planned as a hash join, whose
          -- hash table cost more to set up than the whole check of one row against one.
          where h.singleton and (s.broken = 0 and s.first_id = h.last_id + 1 and s.first_prev = h.last_hash) is true;
        if not found and exists (select from added) then
          raise exception 'trail append does not continue the chain from its head (entry %)',
            (select h.last_id from trail_head h where h.singleton) using errcode = 'serialization_failure';
        end if;
        return null;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function trail_record_advance_head() returns trigger
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
  }
}
