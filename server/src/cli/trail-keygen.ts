// `npm run trail:keygen`: a new trail key (Ed25519) for MAMORI_TRAIL_KEY (a first one, or the next in a
// rotation), and its public key to publish.
import { randomBytes } from 'node:crypto';
import { publicKeyPem, trailKeyFrom } from '../trail/trail-key';

const seed = randomBytes(32).toString('base64');
const key = trailKeyFrom(seed);
console.log(`MAMORI_TRAIL_KEY=${seed}`);
console.log('Keep it outside the database and its backups (a secret store): without it the values the trail keeps encrypted are lost, and checkpoints start a new log.');
console.log(`Key id: ${key.keyId}. Public key (publish it, e.g. beside the privacy notice; trail:verify --public-key and the people's verifier use it):`);
console.log(publicKeyPem(key.publicKey).trim());
console.log('To rotate (docs/trail.md section 7): move the old MAMORI_TRAIL_KEY to MAMORI_TRAIL_RETIRED_KEYS, set this one, restart '
  + '(the first checkpoint under it comes with a transition both keys sign), run npm run trail:rewrap, then drop the retired key.');
