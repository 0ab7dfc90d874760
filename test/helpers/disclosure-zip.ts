// A disclosure file as the person handles it (#20): its ZIP's files, and the verifier script it carries run
// with `node` in a folder of its own, offline.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';

const run = promisify(execFile);

/** The files of a ZIP the server wrote (deflated), by name. */
export function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const out = new Map<string, Buffer>();
  let p = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    const size = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const local = zip.readUInt32LE(p + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    out.set(zip.toString('utf8', p + 46, p + 46 + nameLength), inflateRawSync(zip.subarray(start, start + size)));
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return out;
}

/** The verifier as the person runs it: `node verify-trail.mjs …` in `folder`; its exit code and output. */
export async function runVerifier(folder: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['verify-trail.mjs', ...args], { cwd: folder, timeout: 30_000 });
    return { code: 0, out: stdout };
  } catch (e) {
    return { code: (e as { code: number }).code, out: (e as { stdout: string }).stdout };
  }
}
