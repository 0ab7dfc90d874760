// `npm run lint` (after tsc): the house rules a type checker does not see (issue #18).
// - import-x/no-cycle: a value import cycle makes a module see another half-initialised (a decorator's class
//   undefined, a constant in its temporal dead zone) depending on which file loads first. Type-only imports
//   are erased at run time and do not count.
// - consistent-type-imports: a type-only import is written `type`, so it is erased and never creates a cycle
//   or loads a module for nothing. Inline style (`import { x, type T }`), as the code was written.
// - no-explicit-any: `any` switches the type checker off where it matters most (rows, arguments, errors).
// - no-empty (catch included): an error swallowed without a word hides a failure; say why it is ignored.
// - no-restricted-imports (admin UI): what is offered is decided under the version in force, through access.ts
//   only; the seed's decisions (module-level decideAccess, buildMatrix, SEED_POLICY…) are no source for a screen.
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'admin-ui/build/**', 'admin-ui/vite.config.ts', 'vitest.config.ts', 'eslint.config.js'] },
  {
    files: ['admin-ui/src/**/*.{ts,tsx}', 'server/src/**/*.ts', 'schema/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      // Files are parsed by the TypeScript parser when import-x follows an import; './x' resolves to x.ts or x.tsx.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['admin-ui/src/**/*.{ts,tsx}'],
    ignores: ['admin-ui/src/access.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{
        regex: 'schema/policy(/|$)',
        importNames: ['mayRunOperation', 'mayUseScreen', 'mayPerform', 'mayFollowRelation', 'decideAccess', 'buildMatrix', 'roleMayDeclare', 'SEED_POLICY'],
        message: 'The admin UI decides under the version in force: use access.ts (canAccessResource, mayOffer) or permissions.policy.rules.',
      }] }],
    },
  },
);
