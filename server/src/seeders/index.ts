// Demo data for development and demos: `npm run seed`. Never for production (see staff.ts).
export { seedDemoData, isDatabaseSeeded, truncateDomainTables, DOMAIN_TABLES, type SeedOptions, type SeedSummary } from './seed';
export { DEMO_PASSWORD, demoEmail, demoStaffEmails, assertNotProduction, secondDemoEmail } from './staff';
export { POSTAL_AREAS } from './japan-data';
export { FAMILY_NAMES, GIVEN_NAMES, readingOf } from './japan-names';
