// What reaches a log line or a metric label from a request: pure functions, no server.
import { describe, expect, test } from 'vitest';
import { createLog, loggableRequestId } from '../../server/src/ops/log';
import { BoundedLabel } from '../../server/src/ops/metrics';

describe('labels and ids chosen by clients are bounded', () => {
  test('a label takes its first 3 distinct values, then "other"; values seen before keep their name', () => {
    const label = new BoundedLabel(3);
    expect(['a', 'b', 'a', 'c', 'd', 'e', 'b'].map((v) => label.of(v))).toEqual(['a', 'b', 'a', 'c', 'other', 'other', 'b']);
  });

  test('a plain request id is logged as given; anything else (an e-mail, a tab, 65 characters) as a digest of itself', () => {
    expect(loggableRequestId('soak-12-3')).toBe('soak-12-3');
    expect(loggableRequestId('5f0c7a4e-8d1b-4c2e-9f3a-0b1c2d3e4f50')).toBe('5f0c7a4e-8d1b-4c2e-9f3a-0b1c2d3e4f50');
    for (const odd of ['taro@example.jp', 'a\tb', 'x'.repeat(65), '山田']) {
      expect(loggableRequestId(odd)).toMatch(/^~[0-9a-f]{16}$/);
      expect(loggableRequestId(odd)).toBe(loggableRequestId(odd));
    }
  });
});

describe('the log\'s second fence', () => {
  test('keys that name secrets or contact data are censored, at the top level and one level down', () => {
    const lines: string[] = [];
    const log = createLog('info', { write: (l: string) => { lines.push(l); } });
    log.info({ password: 'p1', token: 't1', nested: { authorization: 'Bearer x', email: 'a@b.jp', phone: '090' }, route: 'graphql' }, 'request');
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ password: '[redacted]', token: '[redacted]', nested: { authorization: '[redacted]', email: '[redacted]', phone: '[redacted]' }, route: 'graphql' });
  });
});
