// `npm run trail:rewrap`: after a rotation of the trail key (docs/trail.md section 7), wraps every customer's
// data key still wrapped by a retired key (MAMORI_TRAIL_RETIRED_KEYS) again by the current one
// (MAMORI_TRAIL_KEY), in one transaction. Afterwards the retired private keys may be forgotten (keep their
// public keys: the checkpoint directory holds them). Exit 0 when every data key is under the current key.
import 'reflect-metadata';
import { initOrm } from '../db/orm';
import { runOnDatabase } from '../startup/cli';
import { SubjectKeyring } from '../trail/subject-keys';
import { loadRetiredTrailKeys, loadTrailKey } from '../trail/trail-key';

await runOnDatabase(async (db) => {
  const keyring = new SubjectKeyring(loadTrailKey().wrappingKey, loadRetiredTrailKeys().map((k) => k.wrappingKey));
  const orm = await initOrm(db.url);
  try {
    const r = await keyring.rewrapAll(orm.em.fork());
    console.log(`trail data keys: ${r.rewrapped} re-wrapped by the current trail key, ${r.current} already were`);
    if (r.unreadable.length) {
      console.error(`${r.unreadable.length} data key(s) open with none of the keys given (customers ${r.unreadable.slice(0, 10).join(', ')}…): add the key that wrapped them to MAMORI_TRAIL_RETIRED_KEYS`);
      return 1;
    }
    return 0;
  } finally {
    await orm.close(true);
  }
});
