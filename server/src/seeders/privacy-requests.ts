import { TableBuffer } from './bulk';
import { DAY, iso, jstDate, type SeedContext } from './context';
import type { GeneratedCustomer } from './customers';
import type { PrivacyContact } from './interactions';
import { FAMILY_NAMES, GIVEN_BY } from './japan-names';
import { Rng } from './random';

// Ids come from the serial: nothing else the seeder writes refers to a request.
export const privacyRequestColumns = () => new TableBuffer('privacy_request', {
  customer_id: 'int', kind: 'text', requester_kind: 'text', requester_name: 'text', authority_document: 'text',
  identity_check: 'text', identity_verified_at: 'timestamptz', received_at: 'timestamptz', due_at: 'date', status: 'text',
  lift_stop: 'bool', handled_by_id: 'int', completed_at: 'timestamptz', outcome: 'jsonb', created_at: 'timestamptz',
  updated_at: 'timestamptz',
});

const IDENTITY_BY_CHANNEL: Record<string, string[]> = {
  PHONE: ['REGISTERED_PHONE_CALLBACK'], EMAIL: ['REGISTERED_EMAIL_CONFIRMATION'], WEB: ['REGISTERED_EMAIL_CONFIRMATION', 'ID_DOCUMENT_COPY'],
  LETTER: ['ID_DOCUMENT_COPY', 'REGISTERED_ADDRESS_MAIL'], FAX: ['ID_DOCUMENT_COPY'], IN_PERSON: ['ID_DOCUMENT_IN_PERSON'],
};
/** Calendar days to answer (privacy-request/due-dates.ts, default). */
const DUE_DAYS = 14;
/** Older requests than this that were not stops predate the register (the interaction alone records them). */
const OPEN_WINDOW_DAYS = 20;

/**
 * The register of requests (【11】): every stopped customer has the completed request that stopped them,
 * and recent requests are open at each step (some past their due date, as in any real backlog).
 */
export class PrivacyRequestGenerator {
  private readonly rng: Rng;
  count = 0;

  constructor(private readonly ctx: SeedContext) {
    this.rng = new Rng(ctx.seed, 'privacy-requests');
  }

  forCustomer(c: GeneratedCustomer, contacts: PrivacyContact[], out: TableBuffer): void {
    const { ctx } = this;
    for (const contact of contacts) {
      const age = (ctx.today - contact.receivedMs) / DAY;
      const fulfilled = (contact.kind === 'STOP_USE' && c.status === 'USE_STOPPED') || (contact.kind === 'STOP_PROVISION' && c.provisionStopped);
      if (fulfilled) {
        this.write(out, c, contact, 'COMPLETED');
        if (contact.kind === 'STOP_USE' && c.provisionStopped) this.write(out, c, { ...contact, kind: 'STOP_PROVISION' }, 'COMPLETED');
      } else if (age <= OPEN_WINDOW_DAYS && contact.kind !== 'STOP_USE' && contact.kind !== 'STOP_PROVISION') {
        this.write(out, c, contact, age < 2 ? 'RECEIVED' : age < 6 ? 'VERIFYING' : 'IN_PROGRESS');
      }
    }
  }

  private write(out: TableBuffer, c: GeneratedCustomer, contact: PrivacyContact, status: 'RECEIVED' | 'VERIFYING' | 'IN_PROGRESS' | 'COMPLETED'): void {
    const { rng, ctx } = this;
    const received = contact.receivedMs;
    const limit = ctx.today - 1;
    // A minor's request (under 18: the age of majority, not 【12】's 20) usually comes from a parent; now and then someone sends an agent.
    const requester = c.age < 18 && rng.chance(0.7) ? 'GUARDIAN' : rng.chance(0.06) ? 'AGENT' : 'PERSON';
    const requesterName = requester === 'GUARDIAN'
      ? `${c.family.kanji} ${rng.pick(GIVEN_BY[rng.chance(0.5) ? 'F' : 'M'][1]).kanji}`
      : requester === 'AGENT' ? `弁護士 ${rng.pick(FAMILY_NAMES).kanji} ${rng.pick(GIVEN_BY.M[1]).kanji}` : null;
    const document = requester === 'GUARDIAN' ? 'FAMILY_REGISTER' : requester === 'AGENT' ? 'POWER_OF_ATTORNEY' : null;
    const identity = status === 'RECEIVED' ? null : rng.pick(IDENTITY_BY_CHANNEL[contact.channel]);
    const verifiedMs = status === 'IN_PROGRESS' || status === 'COMPLETED' ? Math.min(received + rng.int(0, 2) * DAY + 3_600_000, limit) : null;
    const completedMs = status === 'COMPLETED' ? Math.min((verifiedMs ?? received) + rng.int(0, 4) * DAY + 7_200_000, limit) : null;
    const outcome = status !== 'COMPLETED' ? null
      : JSON.stringify(contact.kind === 'STOP_USE' ? { status: 'USE_STOPPED', changed: true } : { provisionStopped: true, changed: true });
    out.add(
      c.id, contact.kind, requester, requesterName, document, identity, verifiedMs && iso(verifiedMs), iso(received),
      jstDate(received + DUE_DAYS * DAY), status, false, status === 'RECEIVED' ? null : ctx.privacyManagerId,
      completedMs && iso(completedMs), outcome, iso(received), iso(completedMs ?? verifiedMs ?? received),
    );
    this.count++;
  }
}
