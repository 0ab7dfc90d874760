// What an unauthenticated caller can make the trail store is bounded and normalised (#20 item 5).
import { describe, expect, test } from 'vitest';
import { boundedDetail, boundedText, EMAIL_MAX } from '../../server/src/trail/bounded-text';

describe('bounded trail text', () => {
  test('NFKC, no control characters or lone surrogates, capped in code points with an ellipsis', () => {
    expect(boundedText('ＡＢＣ\u0000\u0007\t\n ｶﾅ', 100)).toBe('ABC カナ');
    expect(boundedText('a\uD800b', 10)).toBe('ab');
    expect(boundedText('😀'.repeat(10), 5)).toBe(`${'😀'.repeat(4)}…`);
    expect(Array.from(boundedText('x'.repeat(100_000), 64))).toHaveLength(64);
  });

  test('a detail keeps its shape: e-mails lower-cased within 254, other text within 500, lists within 100 items', () => {
    const d = boundedDetail({ event: 'LOGIN_FAILED', email: `ＡＤＭＩＮ@Example.JP${'\u0001'.repeat(10)}${'a'.repeat(10_000)}`, failures: 3,
      paths: Array.from({ length: 500 }, (_, i) => `p${i}`), nested: { note: 'y'.repeat(2_000) } });
    expect(d.event).toBe('LOGIN_FAILED');
    expect(d.failures).toBe(3);
    expect(Array.from(d.email as string)).toHaveLength(EMAIL_MAX);
    expect((d.email as string).startsWith('admin@example.jpaaa')).toBe(true);
    expect(d.paths).toHaveLength(100);
    expect(Array.from((d.nested as { note: string }).note)).toHaveLength(500);
  });
});
