/**
 * Vite 8 (rolldown) may hand a CommonJS module's default export to us wrapped as `{ default: x }`,
 * sometimes twice (`{ default: { default: x } }`). Unwraps until the value is no longer such a wrapper.
 */
export function unwrapDefault<T>(imported: unknown): T {
  let value = imported;
  for (let depth = 0; depth < 3; depth++) {
    if (value && (typeof value === 'object' || typeof value === 'function') && 'default' in value) {
      const inner = (value as { default: unknown }).default;
      if (inner === undefined || inner === null) break;
      value = inner;
    } else {
      break;
    }
  }
  return value as T;
}
