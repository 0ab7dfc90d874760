/**
 * The policy: the one source of truth for who sees what. Server (shield, masking, row filters),
 * admin UI (purpose picker, matrix page) and docs are derived from these modules.
 */
export * from './purposes';
export * from './categories';
export * from './roles';
export * from './matrix';
export * from './fields';
export * from './resources';
export * from './relations';
export * from './logins';
export * from './powers';
export * from './operations';
export * from './duties';
export * from './statistics';
export * from './sensitive';
export * from './operator';
export * from './exports';
export * from './foreign-countries';
export * from './policy-document';
export * from './policy-compile';
export * from './policy-validate';
export * from './dashboard';
export * from './policy-diff';
