import { TableBuffer } from './bulk';
import { DAY, duringBusinessHours, iso, pad, type SeedContext } from './context';
import type { GeneratedCustomer } from './customers';
import { POSTAL_AREAS, landlinePhone, mobilePhone, streetAddress } from './japan-data';
import { FAMILY_NAMES, GIVEN_NAMES } from './japan-names';
import { Rng } from './random';

export interface GeneratedOrder {
  id: number;
  number: string;
  placedMs: number;
  firstProduct: string;
  totalYen: number;
  status: string;
  paymentStatus: string;
  gift: boolean;
}

export const orderColumns = () => new TableBuffer('order', {
  id: 'int', order_number: 'text', customer_id: 'int', total_yen: 'int', status: 'order_status',
  payment_status: 'payment_status', ship_to_name: 'text', ship_to_postal_code: 'text', ship_to_prefecture: 'text',
  ship_to_city: 'text', ship_to_address_line: 'text', ship_to_phone: 'text', carrier_id: 'int', placed_at: 'timestamptz',
  shipped_at: 'timestamptz', delivered_at: 'timestamptz', payment_due_at: 'timestamptz', created_at: 'timestamptz',
  updated_at: 'timestamptz',
});

export const orderItemColumns = () => new TableBuffer('order_item', {
  id: 'int', order_id: 'int', product_id: 'int', product_name: 'text', quantity: 'int', unit_price_yen: 'int',
});

const HOUR = 3_600_000;
/** Invoice (後払い) orders are due two weeks after they are placed. */
const INVOICE_TERM = 14 * DAY;

/** About three orders per customer, each with 1–4 items; a fifth are gifts shipped to someone else. */
export class OrderGenerator {
  private readonly rng: Rng;
  gifts = 0;
  overdue = 0;
  items = 0;

  constructor(private readonly ctx: SeedContext) {
    this.rng = new Rng(ctx.seed, 'orders');
  }

  forCustomer(c: GeneratedCustomer, orders: TableBuffer, items: TableBuffer): GeneratedOrder[] {
    const { rng, ctx } = this;
    const count = rng.int(0, 6);
    const placed: number[] = [];
    for (let i = 0; i < count; i++) {
      // A few orders are recent, so every demo has some still to ship, in transit or not yet due.
      const day = rng.chance(0.07) ? ctx.today - rng.int(0, 9) * DAY : c.createdMs + rng.next() * (ctx.today - c.createdMs);
      placed.push(Math.max(c.createdMs, duringBusinessHours(rng, Math.max(day, c.createdMs), ctx.today - 1)));
    }
    placed.sort((a, b) => a - b);
    return placed.map((placedMs) => this.order(c, placedMs, orders, items));
  }

  private order(c: GeneratedCustomer, placedMs: number, orders: TableBuffer, itemsOut: TableBuffer): GeneratedOrder {
    const { rng, ctx } = this;
    const id = ++ctx.ids.order;
    let total = 0;
    let firstProduct = '';
    for (const product of rng.sample(ctx.products, rng.int(1, 4))) {
      const quantity = rng.chance(0.7) ? 1 : rng.int(2, 3);
      total += quantity * product.priceYen;
      firstProduct ||= product.name;
      itemsOut.add(++ctx.ids.orderItem, id, product.id, product.name, quantity, product.priceYen);
      this.items++;
    }

    const ageDays = (ctx.today - placedMs) / DAY;
    const status = ageDays < 2 ? 'PLACED' : ageDays < 5 ? (rng.chance(0.1) ? 'PLACED' : 'SHIPPED')
      : rng.weighted({ DELIVERED: 92, CANCELLED: 4, RETURNED: 4 });
    const shippedMs = status === 'PLACED' || status === 'CANCELLED' ? null : placedMs + rng.int(18, 40) * HOUR;
    const deliveredMs = shippedMs !== null && status !== 'SHIPPED' ? shippedMs + rng.int(16, 60) * HOUR : null;
    // Handed to a carrier once packed: every shipped order and about half of those still to ship.
    const carrier = status === 'CANCELLED' || (status === 'PLACED' && rng.chance(0.5)) ? null : this.carrier();

    const byCard = c.card !== null && rng.chance(0.8);
    let payment = 'PAID';
    let dueMs: number | null = null;
    if (!byCard && status !== 'CANCELLED') {
      dueMs = placedMs + INVOICE_TERM;
      payment = dueMs < ctx.today ? (rng.chance(0.1) ? 'OVERDUE' : 'PAID') : rng.chance(0.85) ? 'UNPAID' : 'PAID';
    }
    if (payment === 'OVERDUE') this.overdue++;

    const gift = rng.chance(0.2);
    const shipTo = gift ? this.giftRecipient(c) : [c.name, c.area.postal, c.area.prefecture, c.area.city, c.addressLine, c.phone];
    if (gift) this.gifts++;
    // The app numbers new orders O500000000 upwards (order_number_seq); seeded ones stay below.
    const number = `O${pad(++ctx.numbers.order, 9)}`;
    const lastChange = Math.max(placedMs, deliveredMs ?? shippedMs ?? placedMs);
    orders.add(
      id, number, c.id, total, status, payment, ...shipTo, carrier,
      iso(placedMs), shippedMs && iso(shippedMs), deliveredMs && iso(deliveredMs), dueMs && iso(dueMs),
      iso(placedMs), iso(Math.min(lastChange, ctx.today - 1)),
    );
    return { id, number, placedMs, firstProduct, totalYen: total, status, paymentStatus: payment, gift };
  }

  private carrier(): number {
    const { carriers } = this.ctx;
    let r = this.rng.next() * carriers.reduce((s, c) => s + c.weight, 0);
    for (const c of carriers) if ((r -= c.weight) < 0) return c.id;
    return carriers[carriers.length - 1].id;
  }

  /** Someone else at another address: name, postal code, prefecture, city, street, phone. */
  private giftRecipient(c: GeneratedCustomer): string[] {
    const rng = this.rng;
    let name: string;
    do name = `${rng.pick(FAMILY_NAMES).kanji} ${rng.pick(GIVEN_NAMES).kanji}`;
    while (name === c.name);
    let area = rng.pick(POSTAL_AREAS);
    if (area === c.area) area = POSTAL_AREAS[(POSTAL_AREAS.indexOf(area) + 1) % POSTAL_AREAS.length];
    const phone = rng.chance(0.6) ? mobilePhone(rng) : landlinePhone(rng, area.areaCode);
    return [name, area.postal, area.prefecture, area.city, streetAddress(rng, area.town), phone];
  }
}
