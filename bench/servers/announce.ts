/** Tells the parent bench process where the server listens, and stops cleanly on SIGTERM. */
export function announce(url: string, stop: () => Promise<void>): void {
  process.stdout.write(`LISTENING ${url}\n`);
  process.on('SIGTERM', () => { void stop().finally(() => process.exit(0)); });
  // An orphaned server (the bench died) stops by itself.
  process.on('disconnect', () => { void stop().finally(() => process.exit(0)); });
}
