import type { SeedContext } from './context';
import { DAY, iso, jstDate, pad } from './context';
import { POSTAL_AREAS, landlinePhone, mobilePhone, streetAddress, type PostalArea } from './japan-data';
import { FAMILY_NAMES, GIVEN_BY, eraOf, type GivenName, type NameEntry } from './japan-names';
import { TableBuffer } from './bulk';
import { Rng } from './random';
import { cardOnFile, lifestyle, occupation, type Card } from './customer-details';

export interface GeneratedCustomer {
  id: number;
  name: string;
  kana: string;
  family: NameEntry;
  given: GivenName;
  area: PostalArea;
  addressLine: string;
  phone: string;
  email: string;
  birthDate: string | null;
  age: number;
  minor: boolean;
  createdMs: number;
  card: Card | null;
  status: 'ACTIVE' | 'USE_STOPPED';
  /** 提供停止 (【11】): third-party provision stopped at the person's request. */
  provisionStopped: boolean;
  source: string;
}

export const customerColumns = () => new TableBuffer('customer', {
  id: 'int', customer_number: 'text', name: 'text', name_kana: 'text', postal_code: 'text', prefecture: 'text',
  city: 'text', address_line: 'text', phone: 'text', phone_digits: 'text', email: 'text', birth_date: 'date',
  gender: 'gender', lifestyle: 'text', occupation: 'text', card_brand: 'text', card_last4: 'text', card_expiry: 'text',
  card_token: 'text', source: 'record_source', referrer_id: 'int', household_id: 'text', status: 'customer_status',
  provision_stopped: 'bool', created_at: 'timestamptz', updated_at: 'timestamptz',
});

const SOURCES = { WEB: 45, PHONE: 20, EMAIL: 10, LETTER: 5, IN_PERSON: 5, FAX: 3, REFERRAL: 7 } as const;
const MAIL_DOMAINS = ['example.jp', 'example.com', 'example.net', 'mobile.example.jp', 'mail.example.org'];
const YEAR = 365.25 * DAY;
/** Customers this far from the end of a run are always minors, so even a tiny demo has both guardian cases. */
const FORCED_MINORS_FROM_END = new Set([2, 5]);
/** Nobody registers before this age. */
const MIN_AGE_AT_SIGN_UP = 13;

/** Generates customers in creation order (ids ascending, created_at ascending), a household at a time. */
export class CustomerGenerator {
  private readonly rng: Rng;
  private index = 0;
  private readonly firstId: number;
  households = 0;
  minors = 0;

  constructor(private readonly ctx: SeedContext, private readonly total: number) {
    this.rng = new Rng(ctx.seed, 'customers');
    this.firstId = ctx.ids.customer + 1;
  }

  get remaining(): number {
    return this.total - this.index;
  }

  /** One customer, or a household of 2–4 sharing family name and address; rows go into `out`. */
  next(out: TableBuffer): GeneratedCustomer[] {
    const rng = this.rng;
    const head = this.person(null);
    // No household among the last few, where the forced minors are.
    const size = !head.minor && this.remaining > 8 && rng.chance(0.08) ? Math.min(rng.int(2, 4), this.remaining + 1) : 1;
    const members = [head];
    const householdId = size > 1 ? `H${pad(head.id, 7)}` : null;
    if (householdId) this.households++;
    this.write(out, head, householdId, head.source === 'REFERRAL' ? this.earlierCustomer(head.id) : null);
    for (let i = 1; i < size; i++) {
      const member = this.person(head, i);
      const referredByHead = rng.chance(0.5);
      if (referredByHead) member.source = 'REFERRAL';
      const referrer = referredByHead ? head.id : member.source === 'REFERRAL' ? this.earlierCustomer(member.id) : null;
      this.write(out, member, householdId, referrer);
      members.push(member);
    }
    return members;
  }

  private earlierCustomer(id: number): number | null {
    return id > this.firstId ? this.rng.int(this.firstId, id - 1) : null;
  }

  private person(head: GeneratedCustomer | null, memberNo = 0): GeneratedCustomer {
    const { rng, ctx } = this;
    const index = this.index++;
    const id = ++ctx.ids.customer;
    const sex: 'F' | 'M' = head && memberNo === 1 ? (head.given.sex === 'F' ? 'M' : 'F') : rng.chance(0.55) ? 'F' : 'M';
    // Each customer gets its own slot of the last six years, so ids and created_at grow together
    // (a referrer is always older); sign-ups at night are normal for a web shop.
    const createdMs = Math.floor(ctx.today - 6 * YEAR + ((index + rng.next()) / this.total) * 6 * YEAR);
    const age = this.age(index, head, memberNo, Math.ceil((ctx.today - createdMs) / YEAR) + MIN_AGE_AT_SIGN_UP);
    const birthMs = ctx.today - age * YEAR - rng.int(30, 330) * DAY;
    const minor = age < 20;
    if (minor) this.minors++;
    const family = head ? head.family : rng.pick(FAMILY_NAMES);
    const given = rng.pick(GIVEN_BY[sex][eraOf(new Date(birthMs).getUTCFullYear())]);
    const area = head ? head.area : rng.pick(POSTAL_AREAS);
    const addressLine = head ? head.addressLine : streetAddress(rng, area.town);
    const phone = !head && rng.chance(0.35) ? landlinePhone(rng, area.areaCode) : mobilePhone(rng);
    const customer: GeneratedCustomer = {
      id, family, given, area, addressLine, phone, age, minor,
      name: `${family.kanji} ${given.kanji}`,
      kana: `${family.kana} ${given.kana}`,
      email: `${this.mailbox(family, given)}@${rng.pick(MAIL_DOMAINS)}`,
      // Minors register with their birth date (needed for the guardian rule); adults may leave it out.
      birthDate: minor || rng.chance(0.7) ? jstDate(birthMs) : null,
      createdMs,
      card: rng.chance(minor ? 0.1 : 0.6) ? cardOnFile(rng, ctx.today) : null,
      status: 'ACTIVE', provisionStopped: false,
      source: index === 0 ? 'WEB' : rng.weighted(SOURCES),
    };
    if (rng.chance(0.02)) customer.status = 'USE_STOPPED';
    customer.provisionStopped = customer.status === 'USE_STOPPED' ? rng.chance(0.6) : rng.chance(0.01);
    return customer;
  }

  /**
   * Age in whole years at today (the birthday is then 1–11 months further back, so a minor is always at
   * least a month from turning 20 and an adult at least a month past it); `minAge` makes them old enough
   * to have signed up when they did.
   */
  private age(index: number, head: GeneratedCustomer | null, memberNo: number, minAge: number): number {
    const rng = this.rng;
    const youngest = Math.max(15, minAge);
    if (!head && FORCED_MINORS_FROM_END.has(this.total - index) && youngest <= 18) return rng.int(youngest, 18);
    if (!head) return rng.chance(0.04) && youngest <= 18 ? rng.int(youngest, 18) : rng.int(Math.max(20, youngest), 86);
    if (memberNo === 1 || head.age < 40) return Math.max(20, youngest, head.age + rng.int(-5, 5));
    return Math.max(youngest, head.age - rng.int(25, 35));
  }

  private mailbox(family: NameEntry, given: GivenName): string {
    const rng = this.rng;
    switch (rng.int(0, 3)) {
      case 0: return `${given.romaji}.${family.romaji}${rng.int(1, 99)}`;
      case 1: return `${family.romaji}${given.romaji[0]}${rng.digits(2)}`;
      case 2: return `${given.romaji}_${rng.digits(4)}`;
      default: return `${given.romaji}${family.romaji[0]}${rng.int(100, 999)}`;
    }
  }

  private write(out: TableBuffer, c: GeneratedCustomer, householdId: string | null, referrerId: number | null): void {
    const rng = this.rng;
    if (c.source === 'REFERRAL' && referrerId === null) c.source = 'WEB';
    const gender = rng.chance(0.2) ? null : rng.chance(0.07) ? rng.pick(['UNDISCLOSED', 'UNDISCLOSED', 'OTHER']) : c.given.sex === 'F' ? 'FEMALE' : 'MALE';
    out.add(
      c.id, `C${pad(++this.ctx.numbers.customer, 7)}`, c.name, c.kana, c.area.postal, c.area.prefecture, c.area.city, c.addressLine,
      c.phone, c.phone.replace(/-/g, ''), c.email, c.birthDate, gender,
      rng.chance(0.4) ? lifestyle(rng, c.age, c.given.sex) : null,
      rng.chance(0.55) || c.minor ? occupation(rng, c.age, this.ctx.companyNames) : null,
      c.card?.brand, c.card?.last4, c.card?.expiry, c.card?.token,
      c.source, referrerId, householdId, c.status,
      c.provisionStopped,
      iso(c.createdMs), iso(Math.min(this.ctx.today - 1, c.createdMs + rng.int(0, 90) * DAY)),
    );
  }
}
