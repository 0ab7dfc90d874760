// The access-trail writer's thread: it owns the TrailBatcher (its own connection, group commit), so the
// serial chain of a batch — lock the head, hash, insert, commit — never waits behind the request
// handling of the main event loop. Messages: { seq, access } in, { seq, ok } out; { close: true } ends it.
import { parentPort, workerData } from 'node:worker_threads';
import { TrailBatcher } from './trail-batcher';
import { type AccessRecord, accessEntries } from './access-entries';

const batcher = new TrailBatcher((workerData as { connectionString: string }).connectionString);

parentPort!.on('message', (m: { seq: number; access: AccessRecord } | { close: true }) => {
  if ('close' in m) {
    void batcher.close().finally(() => parentPort!.close());
    return;
  }
  batcher.append(accessEntries(m.access)).then(
    () => parentPort!.postMessage({ seq: m.seq, ok: true }),
    () => parentPort!.postMessage({ seq: m.seq, ok: false }),
  );
});
