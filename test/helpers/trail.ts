// Reading the trail as the server does: values sealed with a customer's key (#20, trail/subject-keys.ts) opened.
import { keyringFor, openSealedDetails } from '../../server/src/trail/subject-keys';
import type { TestServer } from './server';

/** The `detail` of a trail row (selected with its customer_id) with its sealed values opened; null where the key is gone. */
export async function openedDetail(s: TestServer, row: { customer_id: number | null; detail: any }): Promise<any> {
  const [opened] = await openSealedDetails(s.orm.em.fork(), keyringFor(s.orm), [row]);
  return opened.detail;
}
