// The worker side of checkpointer-thread.ts: one TrailCheckpointer, its timer and its connection, here.
import { existsSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { TrailCheckpointer } from './checkpointer';
import type { CheckpointerAnswer, CheckpointerRequest, CheckpointerWorkerData } from './checkpointer-thread';

// Signing is background work: on Linux this thread yields the CPU to the requests' thread and the database
// (nice 10; `/proc/thread-self` names this thread, and raising one's own nice value needs no privilege).
// Under sustained saturation checkpoints then lag behind the head, which the sealing bench reports.
if (existsSync('/proc/thread-self')) setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 10);

const port = parentPort!;
const data = workerData as CheckpointerWorkerData;
const failure = (id: number | null, e: unknown): CheckpointerAnswer => ({
  kind: 'failed', id, error: e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) },
});
const checkpointer = new TrailCheckpointer(data.url, { ...data.options, onError: (e) => port.postMessage(failure(null, e)) });
checkpointer.start();

port.on('message', (m: CheckpointerRequest) => {
  if (m.kind === 'close') {
    void checkpointer.close().finally(() => port.close());
    return;
  }
  checkpointer.checkpointNow().then(
    (checkpoint) => port.postMessage({ kind: 'done', id: m.id, checkpoint } satisfies CheckpointerAnswer),
    (e: unknown) => port.postMessage(failure(m.id, e)),
  );
});
