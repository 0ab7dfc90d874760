import { Migration } from '@mikro-orm/migrations';

/**
 * The trail as a verifiable log (#20, docs/trail.md): the stored nodes of its Merkle tree (RFC 9162; every
 * aligned perfect subtree of 256 entries or more) and the checkpoints signed over it. Both only grow: the
 * checkpointer (the server, as the application role) inserts, nobody updates or deletes. Neither is trusted
 * by verification: roots are recomputed from the entries; the copy that counts is the signed checkpoint
 * files outside the database.
 */
export class Migration20261206510000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table trail_tree_node (
      level smallint not null check (level >= 8),
      idx bigint not null check (idx >= 0),
      hash bytea not null check (length(hash) = 32),
      primary key (level, idx)
    );`);
    this.addSql(`create table trail_checkpoint (
      size bigint primary key check (size > 0),
      body jsonb not null,
      written_at timestamptz not null default now()
    );`);
    for (const table of ['trail_tree_node', 'trail_checkpoint']) {
      this.addSql(`create trigger ${table}_append_only before update or delete on ${table} for each row execute function trail_reject_change();`);
      this.addSql(`create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function trail_reject_change();`);
      this.addSql(`revoke all on table ${table} from public;`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists trail_checkpoint;`);
    this.addSql(`drop table if exists trail_tree_node;`);
  }
}
