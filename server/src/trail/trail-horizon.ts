/**
 * How far the trail reached when a request read it (shadow mode, issue #18 item 4; docs/executors.md).
 *
 * The shadow run of a read of the trail starts after the compiled request's own entries are committed, and
 * after whatever other requests wrote meanwhile: read as it stands then, the trail is not the one the compiled
 * request read. Appends are linear — each locks the chain head, and the head moves in the same transaction as
 * its records (trail-writer.ts, Migration20261206500000) — so within one statement's snapshot the records it
 * sees are exactly those up to the head's `last_id` in that snapshot: no record below it is still uncommitted.
 * The compiled request's statement that reads the access history also reads the head (`recording`); the
 * shadow run reads the same customers' histories bounded by it (`bounding`: `record_id <= horizon`) and sees
 * the trail as that statement saw it, on a replica or not, whatever was appended since.
 *
 * Kept per read (customer and page size, the access history loader's key), not per request: the compiled
 * path's statements for several levels each have their own snapshot, and graphql-js batches the same reads
 * otherwise. Fails closed: a read the compiled request did not make has no horizon, and the shadow run of
 * it throws (compared as a difference, never as alike).
 */
export class TrailHorizon {
  /** `seen`: the head's `last_id` each read saw, by `customerId:perPage`. */
  private constructor(readonly bounds: boolean, private readonly seen: Map<string, number>) {}

  /** For the compiled request in shadow mode: its reads of the trail note the head they saw. */
  static recording(): TrailHorizon {
    return new TrailHorizon(false, new Map());
  }

  /** The same horizon for the shadow run: its reads of the trail see no record past it. */
  bounding(): TrailHorizon {
    if (this.bounds) throw new Error('a trail horizon bounds one shadow run');
    return new TrailHorizon(true, new Map(this.seen));
  }

  /** A statement read these customers' histories (page size `perPage`) in a snapshot whose head was `lastId`. */
  saw(customerIds: readonly number[], perPage: number, lastId: unknown): void {
    const head = Number(lastId);
    // Fails closed: no horizon noted, so the shadow run of this read throws (the head is a singleton, always there).
    if (lastId === null || !Number.isSafeInteger(head)) return;
    for (const id of customerIds) this.seen.set(`${id}:${perPage}`, head);
  }

  /** The horizon of each of these reads, in order; throws for a read the compiled request did not make. */
  of(customerIds: readonly number[], perPage: number): number[] {
    return customerIds.map((id) => {
      const head = this.seen.get(`${id}:${perPage}`);
      if (head === undefined) throw new Error('shadow compare: a read of the trail the compiled request did not make (no horizon)');
      return head;
    });
  }
}
