import { test } from 'vitest';
import { startTestServer } from './helpers/server';
test('timing', async () => {
  const s = await startTestServer({ customers: 5000 });
  try {
    const m = await s.asRole('MARKETING', 'STATISTICS');
    for (const g of [['PREFECTURE'], ['PREFECTURE', 'GENDER', 'AGE_BAND']]) {
      const t = Date.now();
      const r = await m(`query($g: [StatisticsDimension!]!) { statistics(groupBy: $g, metrics: [CUSTOMERS, REVENUE]) { suppressedCells cells { prefecture customers suppressed } total { customers } } }`, { g });
      console.log('TIMING', g.join(','), Date.now() - t, 'ms', r.errors ? JSON.stringify(r.errors) : `${r.data.statistics.cells.length} cells, ${r.data.statistics.suppressedCells} suppressed, total ${r.data.statistics.total.customers}`);
    }
    const pm = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const t = Date.now();
    const a = await pm(`mutation { createAudit(title: "t", periodFrom: "2026-11-01", periodTo: "2026-11-30") { id } }`);
    const r = await pm(`mutation($id: ID!) { runAudit(id: $id) { findingCount findings { code } } }`, { id: a.data.createAudit.id });
    console.log('TIMING audit', Date.now() - t, 'ms', r.errors ? JSON.stringify(r.errors) : r.data.runAudit.findingCount, JSON.stringify(r.data?.runAudit.findings.map((f: any) => f.code)));
  } finally { await s.stop(); }
}, 600_000);
