import argon2 from 'argon2';
import type pg from 'pg';
import { ROLE_KEYS, type RoleKey } from '../../../schema/policy';
import type { ContractorIds } from './contractors';

export const DEMO_PASSWORD = 'mamori-demo';
export const DEMO_EMAIL_DOMAIN = 'demo.mamori.jp';

/** `PRIVACY_MANAGER` → `privacy-manager@demo.mamori.jp`. */
export function demoEmail(role: RoleKey): string {
  return `${role.toLowerCase().replace(/_/g, '-')}@${DEMO_EMAIL_DOMAIN}`;
}

/** The demo login of every role, in ROLE_KEYS order. */
export function demoStaffEmails(): string[] {
  return ROLE_KEYS.map(demoEmail);
}

const DEMO_NAMES: Record<RoleKey, string> = {
  SUPPORT: '佐藤 美咲', FULFILLMENT: '鈴木 健太', MARKETING: '高橋 彩', ACCOUNTING: '田中 誠',
  PRIVACY_MANAGER: '伊藤 恵子', AUDITOR: '渡辺 修', ADMIN: '山本 直樹',
  CARRIER: '小林 翼(やまねこ運輸)', MAILING_HOUSE: '加藤 麻衣(ことぶきダイレクト)', COLLECTION_AGENCY: '吉田 浩(あおば債権回収)',
};

/** More call-centre staff, so interactions are spread over several people. */
const EXTRA_SUPPORT = [
  ['中村 裕子', 'yuko.nakamura'], ['小川 拓也', 'takuya.ogawa'], ['松本 千尋', 'chihiro.matsumoto'],
  ['井上 大輔', 'daisuke.inoue'], ['清水 香織', 'kaori.shimizu'],
] as const;

const CONTRACTOR_OF: Partial<Record<RoleKey, keyof ContractorIds>> = {
  CARRIER: 'carrier', MAILING_HOUSE: 'mailing', COLLECTION_AGENCY: 'collection',
};

/** A second account per kind of contractor, at the second company of that kind: each sees only its own company's work. */
const SECOND_CONTRACTOR_ACCOUNTS: [string, RoleKey, keyof ContractorIds][] = [
  ['森 大地(さくら急便)', 'CARRIER', 'carrier2'],
  ['池田 舞(はやぶさメール便)', 'MAILING_HOUSE', 'mailing2'],
  ['石井 亮(みどり債権回収)', 'COLLECTION_AGENCY', 'collection2'],
];

/** `CARRIER` → `carrier-2@demo.mamori.jp`: the demo account at the second contractor of that role. */
export function secondDemoEmail(role: RoleKey): string {
  return demoEmail(role).replace('@', '-2@');
}

/** Refuses to create accounts with a published password on a production database. */
export function assertNotProduction(): void {
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      `Refusing to seed demo data: NODE_ENV=production. The demo staff accounts share the published password "${DEMO_PASSWORD}".`,
    );
  }
}

/** One demo account per role plus extra SUPPORT staff; the password is hashed once (argon2id) and reused. */
export async function insertStaff(
  client: pg.ClientBase, contractors: ContractorIds,
): Promise<{ count: number; supportIds: number[]; privacyManagerId: number; idOf: (role: RoleKey) => number }> {
  assertNotProduction();
  const hash = await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id });
  const rows: [string, string, RoleKey, number | null][] = ROLE_KEYS.map((role) => {
    const contractor = CONTRACTOR_OF[role];
    return [DEMO_NAMES[role], demoEmail(role), role, contractor ? contractors[contractor] : null];
  });
  for (const [name, local] of EXTRA_SUPPORT) rows.push([name, `${local}@${DEMO_EMAIL_DOMAIN}`, 'SUPPORT', null]);
  for (const [name, role, contractor] of SECOND_CONTRACTOR_ACCOUNTS) rows.push([name, secondDemoEmail(role), role, contractors[contractor]]);
  const { rows: inserted } = await client.query<{ id: number; role: string; email: string }>(
    `INSERT INTO staff (name, email, role, contractor_id, password_hash)
     SELECT n, e, r, c, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS t(n, e, r, c)
     RETURNING id, role, email`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3]), hash],
  );
  const supportIds = inserted.filter((r) => r.role === 'SUPPORT').sort((a, b) => a.email.localeCompare(b.email)).map((r) => r.id);
  const privacyManagerId = inserted.find((r) => r.role === 'PRIVACY_MANAGER')!.id;
  const idOf = (role: RoleKey) => inserted.find((r) => r.email === demoEmail(role))!.id;
  return { count: inserted.length, supportIds, privacyManagerId, idOf };
}
