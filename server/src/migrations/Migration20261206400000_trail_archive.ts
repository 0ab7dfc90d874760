import { Migration } from '@mikro-orm/migrations';

/**
 * Trail retention (#20 item 6, docs/trail.md section 6): `npm run trail:archive`, as the owner, exports the
 * monthly partitions past the retention the privacy manager sets to a compressed file that verifies on its
 * own, then drops them. `trail_archive` lists what was archived, in order: the entries each file holds, the
 * file's SHA-256, and where the live trail continues from — the chain hash of the last archived record and
 * the Merkle tree's frontier there (the hashes of the perfect subtrees of entries 1 … last_entry, largest
 * first), from which proofs and verification of the live entries go on. Nothing in it is trusted: the
 * frontier and the hash must give the roots of the signed checkpoints after it.
 *
 * Append-only like the trail (the owner's archiver inserts; nobody updates or deletes); each archive must
 * continue the one before (a prefix of the log, no gap, no overlap). The application role only reads it.
 */
export class Migration20261206400000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table trail_archive (
      last_entry bigint primary key,
      first_entry bigint not null check (first_entry >= 1 and first_entry <= last_entry),
      records bigint not null check (records >= 1),
      partitions text[] not null,
      file text not null unique check (file ~ '^[A-Za-z0-9._-]+$'),
      sha256 char(64) not null,
      last_hash char(64) not null,
      frontier bytea[] not null,
      checkpoint_size bigint not null check (checkpoint_size >= last_entry),
      archived_at timestamptz not null default now()
    );`);
    this.addSql(`create function trail_archive_continues() returns trigger
      language plpgsql set search_path = pg_catalog, public, pg_temp as $$
      begin
        if new.first_entry <> coalesce((select max(a.last_entry) from public.trail_archive a), 0) + 1 then
          raise exception 'a trail archive must continue the one before it (entry %)', new.first_entry using errcode = 'check_violation';
        end if;
        return new;
      end $$;`);
    this.addSql(`create trigger trail_archive_continues before insert on trail_archive for each row execute function trail_archive_continues();`);
    this.addSql(`create trigger trail_archive_append_only before update or delete on trail_archive for each row execute function trail_reject_change();`);
    this.addSql(`create trigger trail_archive_no_truncate before truncate on trail_archive for each statement execute function trail_reject_change();`);
    this.addSql(`revoke all on table trail_archive from public;`);
    this.addSql(`revoke all on function trail_archive_continues() from public;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists trail_archive;`);
    this.addSql(`drop function if exists trail_archive_continues();`);
  }
}
