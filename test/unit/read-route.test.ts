// The pure parts of read routing (#24): WAL positions, the read-after position a request carries, its cookie,
// and which failures on a replica the primary may answer.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readAfterCookie, readAfterOf } from '../../server/src/db/read-route';
import { answerableElsewhere, describeUrl, formatLsn, parseLsn } from '../../server/src/db/replica-set';

const request = (headers: Record<string, string | string[]>) => ({ headers } as unknown as IncomingMessage);

describe('WAL positions', () => {
  it('parse as PostgreSQL writes them and format back', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(formatLsn(parseLsn('16/B374D848')!)).toBe('16/B374D848');
    expect(parseLsn('1/0')! > parseLsn('0/FFFFFFFF')!).toBe(true);
  });

  it('anything else is no position', () => {
    for (const text of ['', '16', '16/', '/1', 'G/1', '123456789/0', '0/1;', ' 0/1', '0/1 x', null, undefined]) expect(parseLsn(text)).toBeNull();
  });
});

describe('the position a request must read after', () => {
  it('none given: null (any replica within the lag bound)', () => {
    expect(readAfterOf(request({}))).toBeNull();
    expect(readAfterOf(request({ cookie: 'other=1' }))).toBeNull();
  });

  it('from the header or the cookie, the later of the two', () => {
    expect(readAfterOf(request({ 'x-mamori-read-after': '0/10' }))).toBe(0x10n);
    expect(readAfterOf(request({ cookie: 'a=b; mamori_read_after=0/20; c=d' }))).toBe(0x20n);
    expect(readAfterOf(request({ 'x-mamori-read-after': '1/0', cookie: 'mamori_read_after=0/20' }))).toBe(1n << 32n);
  });

  it('one that cannot be read sends the request to the primary: a position beyond any replica', () => {
    const unreadable = readAfterOf(request({ 'x-mamori-read-after': 'latest', cookie: 'mamori_read_after=0/20' }))!;
    expect(unreadable).toBeGreaterThan(parseLsn('FFFFFFFF/FFFFFFFF')!);
    expect(readAfterOf(request({ cookie: 'mamori_read_after=unknown' }))).toBe(unreadable);
  });

  it('its cookie: HttpOnly, SameSite=Strict, Secure behind https, and lives for the lag bound and two checks', () => {
    expect(readAfterCookie('0/1A', 5_000, 500, false)).toBe('mamori_read_after=0/1A; Path=/; Max-Age=7; HttpOnly; SameSite=Strict');
    expect(readAfterCookie('0/1A', 5_000, 500, true)).toMatch(/; Secure$/);
  });
});

describe('a statement that failed on a replica', () => {
  it('is answered by the primary when the replica is the cause: down, restarting, recovery conflict, a write sent there', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '40001', '25006', '53300', undefined]) {
      expect(answerableElsewhere(Object.assign(new Error('x'), { code }))).toBe(true);
    }
  });

  it('is not when the primary would fail it too: bad input, a constraint, a syntax error, the statement timeout', () => {
    for (const code of ['22P02', '23505', '42703', '42P01', 'P0001', '57014']) expect(answerableElsewhere(Object.assign(new Error('x'), { code }))).toBe(false);
  });
});

it('a replica URL is shown without its user or password', () => {
  expect(describeUrl(new URL('postgres://mamori_app:secret@replica.internal:6432/mamori'))).toBe('replica.internal:6432/mamori');
  expect(describeUrl(new URL('postgresql://u:p@r/mamori'))).toBe('r:5432/mamori');
});
