import { TableBuffer } from './bulk';
import { DAY, duringBusinessHours, iso, type SeedContext } from './context';
import type { GeneratedCustomer } from './customers';
import { landlinePhone, mobilePhone } from './japan-data';
import type { GeneratedOrder } from './orders';
import { pickTopic, TOPICS, transcript, type TemplateFacts } from './interaction-templates';
import { Rng } from './random';

export const interactionColumns = () => new TableBuffer('interaction', {
  id: 'int', customer_id: 'int', order_id: 'int', channel: 'channel', direction: 'direction', kind: 'interaction_kind',
  staff_id: 'int', occurred_at: 'timestamptz', summary: 'text', transcript: 'text', recording_key: 'text',
  recording_duration_sec: 'int', created_at: 'timestamptz',
});

const CHANNELS = { PHONE: 40, EMAIL: 20, WEB: 20, LETTER: 6, FAX: 5, IN_PERSON: 9 } as const;
const KINDS = { INQUIRY: 40, ORDER: 28, COMPLAINT: 10, PRIVACY_REQUEST: 5, OTHER: 17 } as const;
/** How likely each kind is to be about one of the customer's orders. */
const ORDER_LINK = { INQUIRY: 0.4, ORDER: 0.9, COMPLAINT: 0.9, PRIVACY_REQUEST: 0, OTHER: 0.1 } as const;

/** About five interactions per customer over every channel (【5】), some recorded calls (【4】※3). */
export class InteractionGenerator {
  private readonly rng: Rng;
  recordings = 0;

  constructor(private readonly ctx: SeedContext) {
    this.rng = new Rng(ctx.seed, 'interactions');
  }

  forCustomer(c: GeneratedCustomer, orders: GeneratedOrder[], out: TableBuffer): number {
    const { rng, ctx } = this;
    const count = rng.int(3, 7);
    for (let i = 0; i < count; i++) {
      // A customer whose use is stopped asked for it: the last contact is that request.
      const stopRequest = c.status === 'USE_STOPPED' && i === count - 1;
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
      const topic = pickTopic(rng, TOPICS[stopRequest ? 'STOP_USE' : kind], facts, channel);
      const id = ++ctx.ids.interaction;
      const recorded = channel === 'PHONE' && rng.chance(0.6);
      if (recorded) this.recordings++;
      out.add(
        id, c.id, order?.id ?? null, channel, direction, kind, rng.pick(ctx.supportStaffIds), iso(occurredMs),
        topic.summary(facts), rng.chance(0.12) ? null : transcript(rng, channel, direction, topic, facts),
        recorded ? `rec/${id}.wav` : null, recorded ? rng.int(45, 1200) : null, iso(Math.min(occurredMs + rng.int(1, 30) * 60_000, ctx.today - 1)),
      );
    }
    return count;
  }
}
