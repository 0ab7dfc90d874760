// A first-run failure the person at the terminal can act on: one sentence and an exit code, no stack.

/** Why the server could not start; each reason has its own exit code (README, "When npm start fails"). */
export const STARTUP_EXIT_CODES = {
  NODE_TOO_OLD: 10,
  PORT_IN_USE: 11,
  DATA_OTHER_VERSION: 12,
  DATA_DAMAGED: 13,
  DATA_UNREACHABLE: 14,
  DATA_IN_USE: 15,
  DISK_FULL: 16,
  DATABASE_UNREACHABLE: 17,
  DATABASE_LOGIN_REFUSED: 18,
  DATABASE_MISSING: 19,
  CONFIGURATION: 20,
  POSTGRES_UNAVAILABLE: 21,
} as const;

export type StartupReason = keyof typeof STARTUP_EXIT_CODES;

export class StartupError extends Error {
  readonly exitCode: number;

  constructor(readonly reason: StartupReason, sentence: string, options?: { cause?: unknown }) {
    super(sentence, options);
    this.name = 'StartupError';
    this.exitCode = STARTUP_EXIT_CODES[reason];
  }
}
