// The trail horizon of shadow mode (issue #18 item 4, trail/trail-horizon.ts): per read, copied for the shadow run,
// and closed to any read the compiled request did not make. The statements that note and apply it: test/shadow-compare.
import { describe, expect, test } from 'vitest';
import { TrailHorizon } from '../../server/src/trail/trail-horizon';

describe('TrailHorizon', () => {
  test('each read keeps the head its own statement saw (customer × page size), as the shadow run asks in any order', () => {
    const noted = TrailHorizon.recording();
    noted.saw([4, 17], 50, '120');
    // A later statement (another level, another page size) saw a later head: its reads keep theirs.
    noted.saw([9], 50, '131');
    noted.saw([4], 3, 131);
    const bound = noted.bounding();
    expect(bound.bounds).toBe(true);
    expect(noted.bounds).toBe(false);
    expect(bound.of([9, 4, 17], 50)).toEqual([131, 120, 120]);
    expect(bound.of([4], 3)).toEqual([131]);
  });

  test('fails closed: a read the compiled request did not make, or one whose head was not read, has no horizon', () => {
    const noted = TrailHorizon.recording();
    noted.saw([4], 50, '120');
    noted.saw([5], 50, null);
    const bound = noted.bounding();
    expect(() => bound.of([4], 3)).toThrow(/no horizon/);
    expect(() => bound.of([4, 8], 50)).toThrow(/no horizon/);
    expect(() => bound.of([5], 50)).toThrow(/no horizon/);
    // Noted after the shadow run began: not the shadow run's (it has its own copy), and a horizon bounds one run only.
    noted.saw([8], 50, '140');
    expect(() => bound.of([8], 50)).toThrow(/no horizon/);
    expect(() => bound.bounding()).toThrow();
  });
});
