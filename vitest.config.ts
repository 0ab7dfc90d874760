import { defineConfig } from 'vitest/config';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// type-graphql and graphql-shield load graphql's CommonJS build; make ours the same instance.
const resolve = { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] };
const shared = { setupFiles: ['reflect-metadata'], testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  resolve,
  test: {
    projects: [
      // Pure functions: no database, no server; `npm run test:unit` runs them in seconds.
      { resolve, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], ...shared } },
      // Real PostgreSQL, the real server over HTTP, the admin UI in Chromium. One PostgreSQL server + migrated
      // template per run; each test file copies it (test/helpers/database.ts).
      { resolve, test: { name: 'integration', include: ['test/*.test.ts'], globalSetup: ['test/helpers/global-setup.ts'], ...shared } },
    ],
  },
});
