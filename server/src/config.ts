import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeHome } from './db/embedded-runtime';
import { resolveMamoriHome } from './db/home';
import { ENTITY_TYPES, isFiscalYearEnd } from './modules/privacy-request/legal-retention';

/**
 * Every setting of the server, parsed from the environment in one place. A value that does not parse
 * (MAMORI_LOGIN_MAX_FAILURES=abc, PORT=80000) stops the server with one message naming it, never a
 * silent default: `loadSettings()` throws a SettingsError. An unknown MAMORI_* name (a typo) stops it too.
 */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`設定が正しくありません / Invalid settings: ${problems.join('; ')}.`);
    this.name = 'SettingsError';
  }
}

interface Spec<T> {
  fallback: T;
  parse(raw: string): T;
  /** What a valid value is, for the message ("a whole number from 1 to 1000"). */
  expected: string;
  /** Never repeated in a message (keys, passwords in URLs). */
  secret?: boolean;
  /** For ranges, so other modules can validate the same quantity per request (audit thresholds). */
  range?: [number, number];
}

const fail = Symbol('invalid');
type Parsed<T> = T | typeof fail;

function spec<T>(fallback: T, expected: string, parse: (raw: string) => Parsed<T>, extra: Partial<Spec<T>> = {}): Spec<T> {
  return { fallback, expected, ...extra, parse: parse as (raw: string) => T };
}

const int = (fallback: number, min: number, max: number) => spec(fallback, `a whole number from ${min} to ${max}`, (raw) => {
  const n = /^[+-]?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : fail;
}, { range: [min, max] });

const decimal = (fallback: number, min: number, max: number) => spec(fallback, `a number from ${min} to ${max}`, (raw) => {
  const n = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isFinite(n) && n >= min && n <= max ? n : fail;
}, { range: [min, max] });

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
const flag = (fallback: boolean) => spec(fallback, `one of ${[...TRUE, ...FALSE].join(', ')}`, (raw) => {
  const v = raw.toLowerCase();
  return TRUE.includes(v) ? true : FALSE.includes(v) ? false : fail;
});

const url = (protocols: string[], opts: { secret?: boolean } = {}) => spec<URL | null>(null, `an absolute ${protocols.join(' or ')} URL`, (raw) => {
  try {
    const u = new URL(raw);
    return protocols.includes(u.protocol.slice(0, -1)) && u.hostname ? u : fail;
  } catch {
    return fail;
  }
}, opts);

/** One or more URLs, separated by commas or spaces (unset: none). */
const urls = (protocols: string[], opts: { secret?: boolean } = {}) => spec<readonly URL[]>([], `one or more absolute ${protocols.join(' or ')} URLs, separated by commas`, (raw) => {
  const parsed: unknown[] = raw.split(/[\s,]+/).filter(Boolean).map((one) => url(protocols).parse(one));
  return parsed.length && parsed.every((u) => u instanceof URL) ? Object.freeze(parsed as URL[]) : fail;
}, opts);

const text = (fallback: string, expected: string, valid: (raw: string) => boolean, opts: { secret?: boolean } = {}) =>
  spec(fallback, expected, (raw) => (valid(raw) ? raw : fail), opts);

const oneOf = <T extends string>(fallback: T, values: readonly T[]) =>
  spec<T>(fallback, `one of ${values.join(', ')}`, (raw) => ((values as readonly string[]).includes(raw) ? (raw as T) : fail));

const PRIVACY_REQUEST_KINDS = ['DISCLOSURE', 'CORRECTION', 'STOP_USE', 'STOP_PROVISION', 'DELETION', 'PROVISION_RECORD_DISCLOSURE', 'FOREIGN_MEASURES_INFO'] as const;
const dueDays = Object.fromEntries(PRIVACY_REQUEST_KINDS.map((k) => [`MAMORI_PRIVACY_DUE_DAYS_${k}`, int(14, 1, 90)])) as
  Record<`MAMORI_PRIVACY_DUE_DAYS_${(typeof PRIVACY_REQUEST_KINDS)[number]}`, Spec<number>>;

/** The settings, by the name of their environment variable. README's table describes them. */
const SPECS = {
  PORT: int(4000, 0, 65_535),
  HOST: text('127.0.0.1', 'a host name or address', (raw) => /^[A-Za-z0-9.:\-[\]%]+$/.test(raw)),
  DATABASE_URL: url(['postgres', 'postgresql'], { secret: true }),
  /** Streaming replicas of DATABASE_URL's cluster that take read-only work (db/replica-set.ts, docs/scaling.md). */
  MAMORI_REPLICA_URL: urls(['postgres', 'postgresql'], { secret: true }),
  /** A replica further behind the primary than this is left out until it catches up. */
  MAMORI_REPLICA_MAX_LAG_MS: int(5_000, 100, 3_600_000),
  /** How often each replica's state and replay position are checked. */
  MAMORI_REPLICA_CHECK_MS: int(500, 50, 60_000),
  MAMORI_HOME: spec<string | null>(null, 'a directory', (raw) => raw),
  /** The database role the server runs as (#20): the migrations grant it everything but rewriting the trail. */
  MAMORI_APP_ROLE: text('mamori_app', 'a role name (letters, digits, _)', (raw) => /^[a-z_][a-z0-9_]{0,62}$/.test(raw)),
  /** The trail's Ed25519 key (PEM or base64 seed), or a file holding it; outside production generated into MAMORI_HOME (trail/trail-key.ts). */
  MAMORI_TRAIL_KEY: spec<string | null>(null, 'an Ed25519 private key', (raw) => raw, { secret: true }),
  MAMORI_TRAIL_KEY_FILE: spec<string | null>(null, 'a file', (raw) => raw),
  /**
   * Trail keys retired by a rotation (private keys, PEM blocks or base64 seeds, separated by commas or
   * whitespace), kept until `npm run trail:rewrap` has re-wrapped the customers' data keys (docs/trail.md section 7).
   */
  MAMORI_TRAIL_RETIRED_KEYS: spec<string | null>(null, 'Ed25519 private keys', (raw) => raw, { secret: true }),
  /** Where signed checkpoints of the trail are written (append-only directory); how often one is signed. */
  MAMORI_TRAIL_CHECKPOINT_DIR: spec<string | null>(null, 'a directory', (raw) => raw),
  /** Where `npm run trail:archive` writes archive files (default MAMORI_HOME/trail-archives). */
  MAMORI_TRAIL_ARCHIVE_DIR: spec<string | null>(null, 'a directory', (raw) => raw),
  MAMORI_TRAIL_CHECKPOINT_SECONDS: int(60, 1, 86_400),
  MAMORI_SECRET: text('', 'at least 32 characters', (raw) => raw.length >= 32, { secret: true }),
  /** The address people use (behind the TLS proxy); https turns on HSTS. */
  MAMORI_PUBLIC_URL: url(['http', 'https']),
  /** Prometheus metrics (GET /metrics) on a port of their own, on loopback unless MAMORI_METRICS_HOST; 0 turns them off. */
  MAMORI_METRICS_PORT: int(9464, 0, 65_535),
  MAMORI_METRICS_HOST: text('127.0.0.1', 'a host name or address', (raw) => /^[A-Za-z0-9.:\-[\]%]+$/.test(raw)),
  MAMORI_LOG_LEVEL: oneOf('info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
  MAMORI_DEBUG: flag(false),
  MAMORI_DEBUG_SQL: flag(false),
  MAMORI_GUARDIAN_AGE: int(20, 10, 30),
  MAMORI_SESSION_TTL_MS: int(8 * 60 * 60 * 1000, 60_000, 30 * 24 * 60 * 60 * 1000),
  MAMORI_STATEMENT_TIMEOUT_MS: int(15_000, 100, 3_600_000),
  MAMORI_EXACT_COUNT_LIMIT: int(20_000, 0, 1_000_000_000),
  MAMORI_COMPILED_READS: flag(true),
  /** Runs each compiled answer again through graphql-js, unrecorded, and logs and counts any difference (compiled-reads/shadow.ts). */
  MAMORI_SHADOW_COMPARE: flag(false),
  /** Failed logins of one account, from all addresses within a day, that lock it hard (auth/lockout.ts). */
  MAMORI_LOGIN_MAX_FAILURES: int(50, 10, 100_000),
  /** Known here; their values are parsed by auth/login-settings.ts when the app starts (a bad one stops it, naming it). */
  MAMORI_TRUSTED_PROXIES: spec<string | null>(null, 'CIDR blocks', (raw) => raw),
  MAMORI_MFA_ROLES: spec<string | null>(null, 'role names', (raw) => raw),
  MAMORI_DEMO_CUSTOMERS: int(200, 0, 10_000_000),
  /** Characters of free text one request may mask; past them, further free-text fields are served null. */
  MAMORI_MASKING_BUDGET_CHARS: int(5_000_000, 1_000, 1_000_000_000),
  /** How often the statistics cube is checked against the data and rebuilt in the background. */
  MAMORI_STATISTICS_REFRESH_MS: int(60_000, 1_000, 24 * 60 * 60 * 1000),
  MAMORI_AUDIT_DAILY_CLEAR_READS: int(100, 1, 100_000),
  MAMORI_AUDIT_SPIKE_MULTIPLIER: decimal(3, 1, 100),
  MAMORI_AUDIT_WORK_START: int(9, 0, 23),
  MAMORI_AUDIT_WORK_END: int(18, 1, 24),
  MAMORI_AUDIT_WEEKENDS_OFF: flag(true),
  MAMORI_AUDIT_MANY_READERS: int(4, 2, 100),
  MAMORI_AUDIT_MANY_READERS_MINUTES: int(60, 1, 24 * 60),
  MAMORI_AUDIT_CONTRACTOR_REVIEW_DAYS: int(365, 1, 3_650),
  /** The defaults of the legal retention settings (the privacy manager may change them in the app). */
  MAMORI_FISCAL_YEAR_END: text('03-31', 'a day of the year as MM-DD', isFiscalYearEnd),
  MAMORI_ENTITY_TYPE: oneOf<(typeof ENTITY_TYPES)[number]>('GODO_KAISHA', ENTITY_TYPES),
  /** The largest disclosure file produced, in MiB, and where produced files wait for their download. */
  MAMORI_DISCLOSURE_MAX_MB: int(512, 1, 4_000),
  MAMORI_DISCLOSURE_DIR: spec<string | null>(null, 'a directory', (raw) => raw),
  /** Where call audio lives, one file per interaction's recording key (modules/interaction/recording-files.ts). */
  MAMORI_RECORDING_DIR: spec<string | null>(null, 'a directory', (raw) => raw),
  MAMORI_LEAK_PRELIMINARY_DAYS: int(5, 3, 5),
  ...dueDays,
  /** Read by the admin UI's dev server (vite.config.ts), listed so that it is not taken for a typo. */
  MAMORI_API_URL: url(['http', 'https']),
} satisfies Record<string, Spec<unknown>>;

type Specs = typeof SPECS;
export type SettingName = keyof Specs;
export type Settings = { readonly [K in SettingName]: Specs[K] extends Spec<infer T> ? T : never };

/** Names that were settings once: a deployment that still sets one is told what replaced it. */
const RETIRED: Record<string, string> = {
  MAMORI_STATISTICS_K: 'k is policy now (schema/policy/statistics.ts); a caller may ask for a larger one',
  MAMORI_STATISTICS_CACHE_MS: 'use MAMORI_STATISTICS_REFRESH_MS',
  MAMORI_TAX_RETENTION_YEARS: 'retention follows the legal rules now: MAMORI_FISCAL_YEAR_END, MAMORI_ENTITY_TYPE',
  MAMORI_PROVISION_RECORD_YEARS: 'retention follows the legal rules now (legal-retention.ts)',
};

/** Parses `env` (default: the process's); the problems instead of throwing. Unset or empty → the default. */
export function parseSettings(env: NodeJS.ProcessEnv = process.env): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(SPECS) as [string, Spec<unknown>][]) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') { out[name] = s.fallback; continue; }
    const v = s.parse(raw);
    if (v === fail) {
      problems.push(`${name} must be ${s.expected}${s.secret ? '' : `, not "${raw.slice(0, 40)}"`}`);
      out[name] = s.fallback;
    } else out[name] = v;
  }
  for (const name of Object.keys(env)) {
    if (!name.startsWith('MAMORI_') || name in SPECS) continue;
    problems.push(RETIRED[name] ? `${name} is no longer a setting (${RETIRED[name]})` : `${name} is not a setting of Mamori${hint(name)}`);
  }
  return { settings: Object.freeze(out) as Settings, problems };
}

let current: Settings | null = null;

/**
 * Parses the environment (again) and keeps the result for `settings()`; throws a SettingsError naming every
 * bad value. Called first by main.ts, and by startApp and the ORM's set-up, so a server never runs on one.
 */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const { settings: parsed, problems } = parseSettings(env);
  if (problems.length) throw new SettingsError(problems);
  current = parsed;
  return parsed;
}

/**
 * The settings as last loaded (parsed on first use). Never throws: a bad value reads as its default here,
 * and `loadSettings()`, which every entry point calls before it serves anything, refuses to start.
 */
export function settings(): Settings {
  return (current ??= parseSettings().settings);
}

/** The range a numeric setting accepts (for checks of the same quantity given per request). */
export function rangeOf(name: SettingName): [number, number] {
  const r = (SPECS[name] as Spec<unknown>).range;
  if (!r) throw new Error(`${name} is not numeric`);
  return r;
}

function hint(name: string): string {
  const near = Object.keys(SPECS).find((k) => distance(k, name) <= 2);
  return near ? ` (did you mean ${near}?)` : '';
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** Where local state lives (embedded database, demo secret): MAMORI_HOME, by default `.mamori/` in the checkout (db/home.ts). */
export function mamoriHome(): string {
  return resolveMamoriHome(settings().MAMORI_HOME).dir;
}

export const isProduction = () => process.env.NODE_ENV === 'production';

/**
 * The token signing key: MAMORI_SECRET, or in demo mode a random one kept in `.mamori/secret`.
 * Production without MAMORI_SECRET refuses to start.
 */
export function loadSecret(): string {
  const fromEnv = settings().MAMORI_SECRET;
  if (fromEnv) return fromEnv;
  if (isProduction()) throw new SettingsError(['MAMORI_SECRET is required when NODE_ENV=production']);
  const file = join(mamoriHome(), 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  makeHome(mamoriHome());
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Session lifetime (MAMORI_SESSION_TTL_MS, default 8 h). */
export const sessionTtlMs = () => settings().MAMORI_SESSION_TTL_MS;

/** The longest a single statement may run, on every connection (MAMORI_STATEMENT_TIMEOUT_MS, default 15 s). */
export const statementTimeoutMs = () => settings().MAMORI_STATEMENT_TIMEOUT_MS;
