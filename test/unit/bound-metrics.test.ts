// The per-request metrics found once per label set (ops/bound-metrics.ts) read exactly as prom-client's own
// counter and histogram given the same updates: the exposition text, byte for byte, and `get()`.
import client from 'prom-client';
import { describe, expect, test } from 'vitest';
import { BoundCounter, BoundHistogram } from '../../server/src/ops/bound-metrics';

const BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const ROUTES = ['graphql', 'healthz', 'ui'];

function pair() {
  const theirs = new client.Registry();
  const ours = new client.Registry();
  const config = (registry: client.Registry) => ({ name: 'x_seconds', help: 'Seconds, by route and status', labelNames: ['route', 'status'] as const, buckets: BUCKETS, registers: [registry] });
  const counter = (registry: client.Registry) => ({ name: 'x_total', help: 'Requests, by route and status', labelNames: ['route', 'status'] as const, registers: [registry] });
  return {
    theirs, ours,
    h: [new client.Histogram(config(theirs)), new BoundHistogram(config(ours))] as const,
    c: [new client.Counter(counter(theirs)), new BoundCounter(counter(ours))] as const,
    plain: [new client.Histogram({ name: 'y_seconds', help: 'No labels', buckets: [1, 2], registers: [theirs] }),
      new BoundHistogram({ name: 'y_seconds', help: 'No labels', buckets: [1, 2], registers: [ours] })] as const,
  };
}

describe('bound metrics read as prom-client\'s own', () => {
  test('the same updates give the same exposition and the same get()', async () => {
    const { theirs, ours, h, c, plain } = pair();
    // Values on bucket bounds, between them, above the last; label sets in an order of their own.
    const values = [0, 0.002, 0.0021, 0.03, 0.7, 1, 12, 31, 1e-9, 4.99];
    values.forEach((v, i) => {
      const route = ROUTES[i % 3];
      const status = i % 4 ? '200' : 'aborted';
      h[0].observe({ route, status }, v);
      h[1].series(route, status).observe(v);
      c[0].inc({ route, status });
      c[1].series(route, status).inc();
      plain[0].observe(v);
      plain[1].observe(v);
    });
    // The other ways in: labels object, labels(), startTimer, zero.
    h[0].observe({ status: '500', route: 'graphql' }, 0.04);
    h[1].observe({ status: '500', route: 'graphql' }, 0.04);
    h[0].labels('ui', '404').observe(0.3);
    h[1].labels('ui', '404').observe(0.3);
    h[0].zero({ route: 'other', status: '200' });
    h[1].zero({ route: 'other', status: '200' });
    c[0].inc({ route: 'ui', status: '200' }, 3);
    c[1].inc({ route: 'ui', status: '200' }, 3);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await h[1].get()).toEqual(await h[0].get());
    expect(await c[1].get()).toEqual(await c[0].get());
    // Read twice: increments are counted once.
    c[1].series('graphql', '200').inc();
    c[0].inc({ route: 'graphql', status: '200' });
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  test('reset, remove, an empty metric and a label it was not made with', async () => {
    const { theirs, ours, h, c } = pair();
    expect(await ours.metrics()).toBe(await theirs.metrics());
    for (const i of [0, 1] as const) {
      h[i].observe({ route: 'ui', status: '200' }, 1);
      h[i].observe({ route: 'graphql', status: '200' }, 2);
      h[i].remove('ui', '200');
      c[i].inc({ route: 'ui', status: '200' });
      c[i].inc({ route: 'graphql', status: '200' }, 0);
      c[i].inc({ route: 'healthz', status: '200' });
      c[i].remove({ route: 'healthz', status: '200' });
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    for (const i of [0, 1] as const) { h[i].reset(); c[i].reset(); }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(() => h[1].observe({ route: 'ui', nope: 'x' } as never, 1)).toThrow(/not included/);
    expect(() => h[1].series('ui', '200').observe(Number.NaN)).toThrow(TypeError);
  });
});
