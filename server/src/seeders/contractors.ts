import type pg from 'pg';
import { ContractorService } from '../common/enums';
import type { CategoryKey } from '../../../schema/policy';
import { DAY, jstDate } from './context';

interface ContractorSeed {
  key: 'carrier' | 'carrier2' | 'mailing' | 'mailing2' | 'card' | 'phone' | 'collection' | 'collection2';
  name: string;
  services: ContractorService[];
  /** Policy category keys handed over (【7】【8】): only what the task needs. */
  dataCategories: CategoryKey[];
  /** Days before today the confidentiality agreement was signed, expires (negative: in the future) and was last reviewed. */
  signedDaysAgo: number;
  expiresDaysAgo: number;
  reviewedDaysAgo: number | null;
}

const SHIP_TO: CategoryKey[] = ['contact.name', 'contact.postal', 'contact.address', 'contact.phone', 'order.shipping'];

/**
 * Fictional companies, two per kind of work handed over (carriers, mailing houses, collection agencies: each
 * must see only its own), one for the others; the phone follow-up firm's agreement has lapsed.
 */
const CONTRACTORS: readonly ContractorSeed[] = [
  { key: 'carrier', name: 'やまねこ運輸株式会社', services: [ContractorService.DELIVERY], dataCategories: SHIP_TO,
    signedDaysAgo: 1400, expiresDaysAgo: -425, reviewedDaysAgo: 120 },
  { key: 'carrier2', name: 'さくら急便株式会社', services: [ContractorService.DELIVERY], dataCategories: SHIP_TO,
    signedDaysAgo: 700, expiresDaysAgo: -395, reviewedDaysAgo: 200 },
  { key: 'mailing', name: '株式会社ことぶきダイレクト', services: [ContractorService.DIRECT_MAIL, ContractorService.EMAIL_DELIVERY],
    dataCategories: ['contact.name', 'contact.postal', 'contact.address', 'contact.email'],
    signedDaysAgo: 1100, expiresDaysAgo: -360, reviewedDaysAgo: 90 },
  { key: 'mailing2', name: '株式会社はやぶさメール便', services: [ContractorService.DIRECT_MAIL],
    dataCategories: ['contact.name', 'contact.postal', 'contact.address', 'contact.email'],
    signedDaysAgo: 500, expiresDaysAgo: -600, reviewedDaysAgo: 30 },
  { key: 'card', name: 'みらいペイメント株式会社', services: [ContractorService.CARD_PROCESSING],
    dataCategories: ['contact.name', 'contact.email', 'financial.card'],
    signedDaysAgo: 1800, expiresDaysAgo: -730, reviewedDaysAgo: 60 },
  { key: 'phone', name: '株式会社ひまわりコールサービス', services: [ContractorService.PHONE_FOLLOW_UP],
    dataCategories: ['contact.name', 'contact.phone', 'interaction.content'],
    signedDaysAgo: 1200, expiresDaysAgo: 45, reviewedDaysAgo: 500 },
  { key: 'collection', name: 'あおば債権回収株式会社', services: [ContractorService.COLLECTION], dataCategories: SHIP_TO,
    signedDaysAgo: 900, expiresDaysAgo: -540, reviewedDaysAgo: 150 },
  { key: 'collection2', name: 'みどり債権回収株式会社', services: [ContractorService.COLLECTION], dataCategories: SHIP_TO,
    signedDaysAgo: 400, expiresDaysAgo: -700, reviewedDaysAgo: 100 },
];

export type ContractorIds = Record<ContractorSeed['key'], number>;

export async function insertContractors(client: pg.ClientBase, today: number): Promise<ContractorIds> {
  const ids = {} as ContractorIds;
  const day = (daysAgo: number | null) => (daysAgo === null ? null : jstDate(today - daysAgo * DAY));
  for (const c of CONTRACTORS) {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO contractor (name, services, data_categories, agreement_date, agreement_expires_at, last_reviewed_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [c.name, c.services, c.dataCategories, day(c.signedDaysAgo), day(c.expiresDaysAgo), day(c.reviewedDaysAgo)],
    );
    ids[c.key] = rows[0].id;
  }
  return ids;
}

export const CONTRACTOR_COUNT = CONTRACTORS.length;
