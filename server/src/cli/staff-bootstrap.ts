// `npm run staff:bootstrap -- --admin-email … --privacy-manager-email …`: the first ADMIN and PRIVACY_MANAGER
// of an empty installation, each with a one-time link to set their password (auth/staff-bootstrap.ts).
// Refused once any staff account exists. Migrates the database first, so it works before the first start.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ROLES } from '../../../schema/policy';
import { ensureTrailPartitions } from '../trail/trail-partitions';
import { PASSWORD_SETUP_TTL_MS, publicUrl } from '../auth/password-setup';
import { type BootstrapAccount, BOOTSTRAP_ROLES, bootstrapStaff, StaffAlreadyExist } from '../auth/staff-bootstrap';
import { check } from '../common/validate';
import { jstDateTimeLabel } from '../common/japan-dates';
import { settings } from '../config';
import { prepareSchema } from '../db/prepare';
import { initOrm } from '../db/orm';
import { runOnDatabase } from '../startup/cli';

const USAGE = `usage: npm run staff:bootstrap -- --admin-email ADDRESS --privacy-manager-email ADDRESS
                                  [--admin-name NAME] [--privacy-manager-name NAME]
Creates the first ADMIN and PRIVACY_MANAGER of an empty installation and prints a one-time link for each,
valid ${PASSWORD_SETUP_TTL_MS.BOOTSTRAP / 3_600_000} hours, that sets that person's password. Links point at MAMORI_PUBLIC_URL (now ${publicUrl()}).`;
const EXIT = { usage: 2, staffExist: 3 } as const;

function usage(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(EXIT.usage);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      'admin-email': { type: 'string' }, 'privacy-manager-email': { type: 'string' },
      'admin-name': { type: 'string' }, 'privacy-manager-name': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (error) {
  usage((error as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const accounts: BootstrapAccount[] = BOOTSTRAP_ROLES.map((role) => {
  const flag = role.toLowerCase().replace(/_/g, '-'); // ADMIN → --admin-…, PRIVACY_MANAGER → --privacy-manager-…
  const email = values[`${flag}-email`];
  if (typeof email !== 'string') usage(`--${flag}-email is required.`);
  try {
    const name = String(values[`${flag}-name`] ?? ROLES[role].ja).trim();
    return { role, email: check.email('email', email), name: check.maxLength('name', check.required('name', name), 100) };
  } catch (error) {
    return usage(`--${flag}-email / --${flag}-name: ${(error as { extensions?: { messageEn?: string } }).extensions?.messageEn ?? (error as Error).message}.`);
  }
});
if (accounts[0].email === accounts[1].email) usage('The two accounts need two e-mail addresses: one person, one role.');

await runOnDatabase(async (db) => {
  await prepareSchema(db);
  const orm = await initOrm(db.url, { pool: { min: 0, max: 2 } });
  try {
    await ensureTrailPartitions(orm.em.fork());
    const created = await bootstrapStaff(orm.em.fork(), accounts);
    const expires = jstDateTimeLabel(created[0].expiresAt);
    console.log(`Created the first accounts. Give each person their own link (shown only now); it sets their password once and works until ${expires} (Japan time).`);
    for (const a of created) console.log(`  ${a.role.padEnd(16)} ${a.email}\n    ${a.url}`);
    if (!settings().MAMORI_PUBLIC_URL) console.log(`The links point at ${publicUrl()}: set MAMORI_PUBLIC_URL to the address people open Mamori at, if that is another.`);
    return 0;
  } catch (error) {
    if (!(error instanceof StaffAlreadyExist)) throw error;
    console.error(`${error.count} staff account(s) already exist: staff:bootstrap only creates the first accounts of an empty installation; an ADMIN creates further ones in the admin UI.`);
    return EXIT.staffExist;
  } finally {
    await orm.close(true);
  }
});
