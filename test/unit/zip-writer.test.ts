// The disclosure ZIP is written to disk as it is produced, and refuses to pass its size limit.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { ZipFileWriter, ZipTooLarge } from '../../server/src/modules/privacy-request/zip-writer';

const dir = mkdtempSync(join(tmpdir(), 'mamori-zip-'));

/** Entries read through the central directory (sizes and CRCs there, data descriptors after each entry). */
function entries(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const out = new Map<string, Buffer>();
  let p = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    const [flags, crc, size, nameLength] = [zip.readUInt16LE(p + 8), zip.readUInt32LE(p + 16), zip.readUInt32LE(p + 20), zip.readUInt16LE(p + 28)];
    expect(flags & 0x0808).toBe(0x0808);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    const local = zip.readUInt32LE(p + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26);
    const data = inflateRawSync(zip.subarray(start, start + size));
    expect(crc32(data)).toBe(crc);
    expect(zip.readUInt32LE(start + size)).toBe(0x08074b50); // the data descriptor follows the data
    out.set(name, data);
    p += 46 + nameLength;
  }
  return out;
}

describe('ZipFileWriter', () => {
  test('entries given whole or in chunks come back intact, with Japanese names', async () => {
    const path = join(dir, 'a.zip');
    const zip = await ZipFileWriter.create(path, 10 * 1024 * 1024);
    await zip.add({ name: '説明.txt', data: Buffer.from('開示ファイル') });
    await zip.add({ name: 'big.csv', data: (function* () { for (let i = 0; i < 2_000; i++) yield Buffer.from(`${i},お問い合わせの記録 ${'あ'.repeat(i % 50)}\r\n`); })() });
    await zip.add({ name: 'empty.json', data: Buffer.alloc(0) });
    const bytes = await zip.finish();
    const file = readFileSync(path);
    expect(file.length).toBe(bytes);
    const got = entries(file);
    expect([...got.keys()]).toEqual(['説明.txt', 'big.csv', 'empty.json']);
    expect(got.get('説明.txt')!.toString()).toBe('開示ファイル');
    expect(got.get('big.csv')!.toString().split('\r\n').filter(Boolean)).toHaveLength(2_000);
    expect(got.get('empty.json')!.length).toBe(0);
  });

  test('a file that would pass its limit fails with ZipTooLarge, and abort leaves nothing on disk', async () => {
    const path = join(dir, 'b.zip');
    const zip = await ZipFileWriter.create(path, 64 * 1024);
    const random = (function* () { for (let i = 0; i < 100; i++) yield Buffer.from(Array.from({ length: 4096 }, () => Math.floor(Math.random() * 256))); })();
    await expect(zip.add({ name: 'noise.bin', data: random })).rejects.toBeInstanceOf(ZipTooLarge);
    await zip.abort();
    expect(existsSync(path)).toBe(false);
  });
});
