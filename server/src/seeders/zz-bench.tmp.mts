import { seedDemoData, truncateDomainTables } from '/work/main/server/src/seeders';
const url = process.argv[2]; const batch = Number(process.argv[3]);
await truncateDomainTables(url);
const s = await seedDemoData(url, { customers: 100000, seed: 1, batchSize: batch });
console.log(batch, s.elapsedMs, 'ms');
