#!/usr/bin/env node
// verify-trail.mjs — checks, offline, that the access records in a Mamori disclosure file are in the store's
// signed access trail (#20). Node.js 18 or later, nothing to install, no network.
//
//   node verify-trail.mjs                       in the folder of the unzipped file
//   node verify-trail.mjs disclosure-….zip      on the ZIP itself
//   node verify-trail.mjs … --public-key FILE   with the public key the store publishes (else the file's own)
//
// It checks (docs/trail.md in Mamori's repository):
//  1. the checkpoint in trail-proofs.json is signed (Ed25519) by the public key;
//  2. each access record's leaf, recomputed from what the record says, is in the Merkle tree (RFC 9162)
//     whose root the checkpoint signs (its audit path);
//  3. each record listed in disclosure.json is one of the records proved, saying the same;
//  4. records archived past the retention (trail-proofs.json "archived"): each audit path leads to its
//     archive's root, which a consistency proof (RFC 9162 2.1.4) ties to a checkpoint signed by the key.
// The leaf and tree rules here mirror server/src/trail/tree-leaves.ts and merkle.ts; a test of the
// repository runs this script on a real disclosure file to keep them equal.
// Exit code 0 when everything verifies, 1 otherwise.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const LEAF_FORMAT = 'mamori-trail-entry/1';
const CHECKPOINT_FORMAT = 'mamori-trail-checkpoint/1';

const sha256 = (...parts) => { const h = createHash('sha256'); for (const p of parts) h.update(p); return h.digest(); };
const leafHash = (text) => sha256(Buffer.from([0]), text);
const nodeHash = (l, r) => sha256(Buffer.from([1]), l, r);
const odd = (n) => n % 2 === 1;
const half = (n) => Math.floor(n / 2);
const isPowerOfTwo = (n) => { let k = 1; while (k < n) k *= 2; return k === n; };

/** The text a leaf hashes: as tree-leaves.ts leafText. */
function leafText(e) {
  return JSON.stringify([LEAF_FORMAT, e.id, e.at, e.kind, e.staffId, e.apiKeyId, e.role, e.purpose, e.operation, e.customerId,
    [...e.clearFields].sort(), [...e.maskedFields].sort(), e.recordHash]);
}

/** RFC 9162 2.1.3.2: the audit path of leaf `index` in a tree of `size` leads to `root`. */
function verifyInclusion(index, size, leaf, path, root) {
  if (index < 0 || index >= size) return false;
  let fn = index; let sn = size - 1; let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
    } else r = nodeHash(r, p);
    fn = half(fn); sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 2.1.4.2: the tree of `first` leaves (firstRoot) is a prefix of the one of `second` (secondRoot). */
function verifyConsistency(first, second, firstRoot, secondRoot, proof) {
  if (first < 1 || first > second) return false;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  if (!path.length) return false;
  let fn = first - 1; let sn = second - 1;
  while (odd(fn)) { fn = half(fn); sn = half(sn); }
  let fr = path[0]; let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr); sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
    } else sr = nodeHash(sr, c);
    fn = half(fn); sn = half(sn);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

const checkpointMessage = (c) => `${c.format}\n${c.origin}\n${c.size}\n${c.root}\n${c.chainHash}\n${c.time}\n`;

/** The files of a ZIP (deflated or stored), by name. */
function unzip(zip) {
  const files = new Map();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a ZIP file');
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : data);
    at += 46 + skip;
  }
  return files;
}

function readInputs(args) {
  const target = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--public-key') ?? '.';
  if (target.endsWith('.zip')) {
    const files = unzip(readFileSync(target));
    const text = (n) => files.get(n)?.toString('utf8');
    return { proofs: text('trail-proofs.json'), disclosure: text('disclosure.json') };
  }
  const text = (n) => (existsSync(join(target, n)) ? readFileSync(join(target, n), 'utf8') : undefined);
  return { proofs: text('trail-proofs.json'), disclosure: text('disclosure.json') };
}

function main(args) {
  const { proofs: proofsText, disclosure: disclosureText } = readInputs(args);
  if (!proofsText) return fail('trail-proofs.json がありません / no trail-proofs.json here');
  const proofs = JSON.parse(proofsText);
  const keyFile = args[args.indexOf('--public-key') + 1];
  const publicKey = createPublicKey(args.includes('--public-key') ? readFileSync(keyFile, 'utf8') : proofs.publicKey);
  const keyId = sha256(Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url')).toString('hex').slice(0, 16);
  const c = proofs.checkpoint;
  const problems = [];
  if (!c) return fail('この開示ファイルには署名付きチェックポイントがありません / the file holds no signed checkpoint');
  const signedByKey = (cp) => cp?.format === CHECKPOINT_FORMAT && cp.keyId === keyId
    && verify(null, Buffer.from(checkpointMessage(cp)), publicKey, Buffer.from(cp.signature, 'base64'));
  if (!signedByKey(c)) problems.push(`チェックポイントの署名が鍵 ${keyId} で検証できません / the checkpoint is not signed by key ${keyId}`);
  const root = Buffer.from(c.root, 'hex');
  const proved = new Map();
  for (const { leaf, path } of proofs.entries) {
    const ok = verifyInclusion(leaf.id - 1, c.size, leafHash(leafText(leaf)), path.map((h) => Buffer.from(h, 'hex')), root);
    if (!ok) problems.push(`記録 ${leaf.id} の証明が一致しません / entry ${leaf.id} is not in the signed tree`);
    else proved.set(leaf.id, leaf);
  }
  let archivedCount = 0;
  for (const a of proofs.archived ?? []) {
    const aRoot = Buffer.from(a.treeRoot, 'hex');
    const tied = signedByKey(a.checkpoint) && Number.isInteger(a.treeSize)
      && verifyConsistency(a.treeSize, a.checkpoint.size, aRoot, Buffer.from(a.checkpoint.root, 'hex'), a.consistency.map((h) => Buffer.from(h, 'hex')));
    if (!tied) problems.push(`アーカイブ ${a.file} が署名付きの記録に結び付きません / archive ${a.file} is not tied to a checkpoint signed by key ${keyId}`);
    for (const { leaf, path } of a.entries) {
      const ok = tied && verifyInclusion(leaf.id - 1, a.treeSize, leafHash(leafText(leaf)), path.map((h) => Buffer.from(h, 'hex')), aRoot);
      if (!ok) problems.push(`アーカイブの記録 ${leaf.id} の証明が一致しません / archived entry ${leaf.id} is not in the signed tree`);
      else { proved.set(leaf.id, leaf); archivedCount += 1; }
    }
  }
  for (const why of proofs.archivesUnread ?? []) console.log(`注意 / note: アーカイブを読み出せませんでした / an archive was not read: ${why}`);
  if (disclosureText) {
    const sameFields = (a, b) => JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...(b ?? [])].sort());
    for (const row of JSON.parse(disclosureText).accessTrail ?? []) {
      const leaf = proved.get(Number(row.entry_id));
      if (!leaf) {
        if (!(proofs.unproven ?? []).includes(Number(row.entry_id))) problems.push(`記録 ${row.entry_id} に証明がありません / entry ${row.entry_id} has no proof`);
        continue;
      }
      if (leaf.role !== row.role || leaf.purpose !== row.purpose || leaf.staffId !== row.staff_id || leaf.operation !== row.operation
        || !sameFields(leaf.clearFields, row.clear_fields) || !sameFields(leaf.maskedFields, row.masked_fields)) {
        problems.push(`記録 ${row.entry_id} の内容が証明と異なります / entry ${row.entry_id} says something else than its proof`);
      }
    }
  }
  console.log(`鍵 / key: ${keyId}  チェックポイント / checkpoint: ${c.size} 件 / entries, ${c.time}`);
  if (problems.length) return fail(problems.join('\n'));
  const unproven = (proofs.unproven ?? []).length;
  console.log(`OK: ${proved.size} 件の閲覧記録が署名付きの記録に含まれています / ${proved.size} access records are in the signed trail`
    + (archivedCount ? ` (うち ${archivedCount} 件はアーカイブの記録です / ${archivedCount} of them archived)` : '')
    + (unproven ? ` (${unproven} 件はチェックポイントの後の記録です / ${unproven} came after the checkpoint)` : ''));
  console.log('公開鍵が当社の公表しているものと同じかもご確認ください / check that the key is the one the store publishes.');
  return 0;
}

function fail(message) {
  console.log(`NG: ${message}`);
  return 1;
}

process.exitCode = main(process.argv.slice(2));
