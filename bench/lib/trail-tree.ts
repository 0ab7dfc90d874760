// The trail's Merkle tree over bulk entries (#20), for the benchmark: stored nodes as the checkpointer stores
// them (nodes and tiles), built without its chain checks (bulk entries are not chained), then inclusion proofs timed.
import pg from 'pg';
import { positional, type SqlRunner } from '../../server/src/db/read-pool';
import { CompactRange, type Hash, verifyInclusion } from '../../server/src/trail/merkle';
import { CHUNK_LEVEL, storeTiles, TileCollector, TreeReader } from '../../server/src/trail/tree-store';
import { entryLeafHash, LEAF_COLUMNS, leafEntriesOfRow } from '../../server/src/trail/tree-leaves';
import { percentile } from './load';

const runnerOf = (client: pg.Client): SqlRunner => async (sql, params) => (await client.query(positional(sql), params as unknown[])).rows;

/** Builds the stored tree over entries 1 … size; resolves to its root. */
export async function buildStoredTree(url: string, size: number, log: (m: string) => void): Promise<Hash> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tree = new CompactRange();
    const tiles = new TileCollector(0);
    const run = runnerOf(client);
    let nodes: [number, number, string][] = [];
    const flush = async () => {
      if (!nodes.length) return;
      await client.query(`insert into trail_tree_node (level, idx, hash) select l, i, decode(h, 'hex')
        from unnest($1::smallint[], $2::bigint[], $3::text[]) as n(l, i, h) on conflict do nothing`,
      [nodes.map((n) => n[0]), nodes.map((n) => n[1]), nodes.map((n) => n[2])]);
      nodes = [];
    };
    let logged = 0;
    for (let from = 1; from <= size;) {
      const { rows } = await client.query(`select ${LEAF_COLUMNS} from trail_record where id >= $1 and id <= $2 order by id limit 5000`, [from, size]);
      if (!rows.length) throw new Error(`entry ${from} is missing`);
      for (const row of rows) {
        for (const leaf of leafEntriesOfRow(row)) {
          if (leaf.id > size) break;
          const hash = entryLeafHash(leaf);
          tree.push(hash, (level, index, h) => { if (level >= CHUNK_LEVEL) nodes.push([level, index, h.toString('hex')]); });
          tiles.push(hash, tree.size);
        }
      }
      from = tree.size + 1;
      await storeTiles(run, tiles.take(tree.size >= size));
      if (nodes.length > 20_000) await flush();
      if (tree.size - logged >= 1_000_000) log(`tree: ${(logged = tree.size).toLocaleString('en')} leaves`);
    }
    await flush();
    return tree.root();
  } finally {
    await client.end();
  }
}

/** p50 and p95 of one entry's inclusion proof (read and checked against the root), over `probes` random entries. */
export async function timeInclusionProofs(url: string, size: number, root: Hash, probes: number): Promise<{ p50: number; p95: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const reader = new TreeReader(runnerOf(client), size);
    const times: number[] = [];
    for (let i = 0; i < probes; i++) {
      const index = Math.floor(Math.random() * size);
      const t0 = performance.now();
      const path = await reader.inclusionProof(index);
      const [row] = (await client.query(`select ${LEAF_COLUMNS} from trail_record where id <= $1 order by id desc limit 1`, [index + 1])).rows;
      const leaf = leafEntriesOfRow(row).find((e) => e.id === index + 1)!;
      times.push(performance.now() - t0);
      if (!verifyInclusion(index, size, entryLeafHash(leaf), path, root)) throw new Error(`the proof of entry ${index + 1} does not verify`);
    }
    return { p50: percentile(times.slice(5), 50), p95: percentile(times.slice(5), 95) };
  } finally {
    await client.end();
  }
}
