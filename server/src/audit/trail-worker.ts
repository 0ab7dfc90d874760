// The access-trail writer's thread: it owns the TrailBatcher (its own connection, group commit), so the
// serial chain of a batch — lock the head, hash, insert, commit — never waits behind the request
// handling of the main event loop. Messages: { records: [{ seq, access }] } in, { acks: [[seq, ok]] } out (one per turn each way); { close: true } ends it.
import { parentPort, workerData } from 'node:worker_threads';
import { TrailBatcher } from './trail-batcher';
import { type AccessRecord, accessEntries } from './access-entries';

const batcher = new TrailBatcher((workerData as { connectionString: string }).connectionString);

/** Acknowledgements of the current turn, sent as one message (each message wakes the main thread). */
let acks: [number, boolean][] = [];
const ack = (seq: number, ok: boolean) => {
  if (!acks.length) setImmediate(() => { parentPort!.postMessage({ acks }); acks = []; });
  acks.push([seq, ok]);
};

parentPort!.on('message', (m: { records: { seq: number; access: AccessRecord }[] } | { close: true }) => {
  if ('close' in m) {
    void batcher.close().finally(() => parentPort!.close());
    return;
  }
  for (const { seq, access } of m.records) batcher.append(accessEntries(access)).then(() => ack(seq, true), () => ack(seq, false));
});
