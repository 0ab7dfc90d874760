import { Migration } from '@mikro-orm/migrations';

/**
 * Tiles of the trail's Merkle tree (#20 speed, in the manner of Certificate Transparency's tiled logs): the
 * leaf hashes of each chunk of 256 entries, stored once the chunk is complete (width 256) and, for the chunk
 * a checkpoint ends in, as a partial tile of that width. An inclusion proof then reads one tile and ~log2(n)
 * nodes, never the partitioned trail itself: its cost does not grow with the trail. Append-only like the
 * nodes; derived data, never trusted (a proof from a wrong tile does not verify against the signed root).
 */
export class Migration20261207400000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table trail_tree_tile (
      idx bigint not null check (idx >= 0),
      width smallint not null check (width between 1 and 256),
      hashes bytea not null check (length(hashes) = 32 * width),
      primary key (idx, width)
    );`);
    this.addSql(`create trigger trail_tree_tile_append_only before update or delete on trail_tree_tile for each row execute function trail_reject_change();`);
    this.addSql(`create trigger trail_tree_tile_no_truncate before truncate on trail_tree_tile for each statement execute function trail_reject_change();`);
    this.addSql(`revoke all on table trail_tree_tile from public;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists trail_tree_tile;`);
  }
}
