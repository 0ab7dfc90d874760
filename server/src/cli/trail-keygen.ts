// `npm run trail:keygen`: a new trail key (Ed25519) for MAMORI_TRAIL_KEY, and its public key to publish.
import { randomBytes } from 'node:crypto';
import { publicKeyPem, trailKeyFrom } from '../trail/trail-key';

const seed = randomBytes(32).toString('base64');
const key = trailKeyFrom(seed);
console.log(`MAMORI_TRAIL_KEY=${seed}`);
console.log('Keep it outside the database and its backups (a secret store): without it the values the trail keeps encrypted are lost, and checkpoints start a new log.');
console.log(`Key id: ${key.keyId}. Public key (publish it, e.g. beside the privacy notice; trail:verify --public-key and the people's verifier use it):`);
console.log(publicKeyPem(key.publicKey).trim());
