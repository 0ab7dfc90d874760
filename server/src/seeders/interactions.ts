import { TableBuffer } from './bulk';
import { DAY, duringBusinessHours, iso, jstDate, type SeedContext } from './context';
import type { GeneratedCustomer } from './customers';
import { landlinePhone, mobilePhone } from './japan-data';
import type { GeneratedOrder } from './orders';
import { pickTopic, TOPICS, transcript, type TemplateFacts, type Topic } from './interaction-templates';
import { Rng } from './random';

export const interactionColumns = () => new TableBuffer('interaction', {
  id: 'int', customer_id: 'int', order_id: 'int', channel: 'channel', direction: 'direction', kind: 'interaction_kind',
  staff_id: 'int', occurred_at: 'timestamptz', summary: 'text', transcript: 'text', recording_key: 'text',
  recording_duration_sec: 'int', created_at: 'timestamptz', complaint_status: 'complaint_status', complaint_owner_id: 'int',
  complaint_due_date: 'date', complaint_answer: 'text', complaint_answered_at: 'timestamptz', complaint_closed_at: 'timestamptz',
  complaint_about_privacy: 'bool',
});

/** A request of 【11】 made in an interaction; privacy-requests.ts records it. */
export interface PrivacyContact {
  kind: NonNullable<Topic['request']>;
  channel: string;
  receivedMs: number;
}

const CHANNELS = { PHONE: 40, EMAIL: 20, WEB: 20, LETTER: 6, FAX: 5, IN_PERSON: 9 } as const;
const KINDS = { INQUIRY: 40, ORDER: 28, COMPLAINT: 10, PRIVACY_REQUEST: 5, OTHER: 17 } as const;
/** How likely each kind is to be about one of the customer's orders. */
const ORDER_LINK = { INQUIRY: 0.4, ORDER: 0.9, COMPLAINT: 0.9, PRIVACY_REQUEST: 0, OTHER: 0.1 } as const;
const NOT_A_COMPLAINT = [null, null, null, null, null, null, false];
/** Complaints are to be answered within two weeks (【14】). */
const COMPLAINT_DAYS = 14;

/** About five interactions per customer over every channel (【5】), some recorded calls (【4】※3). */
export class InteractionGenerator {
  private readonly rng: Rng;
  recordings = 0;

  constructor(private readonly ctx: SeedContext) {
    this.rng = new Rng(ctx.seed, 'interactions');
  }

  /** Writes the customer's interactions; returns how many and the privacy requests among them. */
  forCustomer(c: GeneratedCustomer, orders: GeneratedOrder[], out: TableBuffer): { count: number; requests: PrivacyContact[] } {
    const { rng, ctx } = this;
    const count = rng.int(3, 7);
    const requests: PrivacyContact[] = [];
    // A customer whose use or provision is stopped asked for it: the last contact is that request.
    const forced = c.status === 'USE_STOPPED' ? 'STOP_USE' : c.provisionStopped ? 'STOP_PROVISION' : null;
    for (let i = 0; i < count; i++) {
      const stopRequest = forced !== null && i === count - 1;
      const kind = stopRequest ? 'PRIVACY_REQUEST' : rng.weighted(KINDS);
      const channel = rng.weighted(CHANNELS);
      const direction = (channel === 'PHONE' || channel === 'EMAIL') && !stopRequest && rng.chance(0.2) ? 'OUTBOUND' : 'INBOUND';
      const order = orders.length && rng.chance(ORDER_LINK[kind]) ? rng.pick(orders) : null;
      const from = order ? order.placedMs : c.createdMs;
      const day = stopRequest ? ctx.today - rng.int(1, 60) * DAY : from + rng.next() * Math.min(ctx.today - from, order ? 10 * DAY : Infinity);
      const occurredMs = Math.max(from, duringBusinessHours(rng, Math.max(day, from), ctx.today - 1));
      const facts: TemplateFacts = {
        family: c.family.kanji, name: c.name, phone: c.phone, email: c.email,
        otherMobile: mobilePhone(rng), workPhone: landlinePhone(rng, c.area.areaCode),
        orderNumber: order?.number ?? null, orderStatus: order?.status ?? null, gift: order?.gift ?? false,
        product: order?.firstProduct ?? null, totalYen: order?.totalYen ?? null, last4: c.card?.last4 ?? null,
      };
      const topic = pickTopic(rng, TOPICS[stopRequest ? forced : kind], facts, channel);
      if (kind === 'PRIVACY_REQUEST' && topic.request) requests.push({ kind: topic.request, channel, receivedMs: occurredMs });
      const id = ++ctx.ids.interaction;
      const recorded = channel === 'PHONE' && rng.chance(0.6);
      if (recorded) this.recordings++;
      out.add(
        id, c.id, order?.id ?? null, channel, direction, kind, rng.pick(ctx.supportStaffIds), iso(occurredMs),
        topic.summary(facts), rng.chance(0.12) ? null : transcript(rng, channel, direction, topic, facts),
        recorded ? `rec/${id}.wav` : null, recorded ? rng.int(45, 1200) : null,
        iso(Math.min(occurredMs + rng.int(1, 30) * 60_000, ctx.today - 1)),
        ...(kind === 'COMPLAINT' ? this.complaint(occurredMs, topic, facts) : NOT_A_COMPLAINT),
      );
    }
    return { count, requests };
  }

  /** Where a complaint stands: old ones are mostly answered and closed, a few are left open past their due date. */
  private complaint(receivedMs: number, topic: Topic, f: TemplateFacts): unknown[] {
    const { rng, ctx } = this;
    const owner = topic.aboutPrivacy ? ctx.privacyManagerId : rng.pick(ctx.supportStaffIds);
    const due = jstDate(receivedMs + COMPLAINT_DAYS * DAY);
    const age = (ctx.today - receivedMs) / DAY;
    const status = age > 21 ? rng.weighted({ CLOSED: 90, ANSWERED: 9.7, OPEN: 0.3 }) : rng.weighted({ OPEN: 5, ANSWERED: 3, CLOSED: 2 });
    const answeredMs = status === 'OPEN' ? null : Math.min(receivedMs + rng.int(1, Math.min(10, Math.max(1, Math.floor(age)))) * DAY, ctx.today - 1);
    const closedMs = status === 'CLOSED' && answeredMs !== null ? Math.min(answeredMs + rng.int(0, 5) * DAY, ctx.today - 1) : null;
    const answer = answeredMs === null ? null : `${f.family}様 このたびはご迷惑をおかけし、誠に申し訳ございません。${topic.reply(f)}`;
    return [status, owner, due, answer, answeredMs && iso(answeredMs), closedMs && iso(closedMs), topic.aboutPrivacy ?? false];
  }
}
