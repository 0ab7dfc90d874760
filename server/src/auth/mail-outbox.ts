// Mail to staff goes through an outbox table that a relay delivers from: a one-time link is written only
// there, addressed to the account's own stored address, and never answered to whoever caused it.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlIn } from '../common/sql';

export type OutboxKind = 'PASSWORD_INVITE' | 'PASSWORD_RESET';

export interface OutboxMail { kind: OutboxKind; staffId: number; subject: string; body: string }

/** Queues a mail to the stored address of `staffId`, in the caller's transaction (no row, no link). */
export async function queueStaffMail(em: EntityManager, mail: OutboxMail): Promise<void> {
  const sql = sqlIn(em);
  const [staff] = await sql('select email from staff where id = ?', [mail.staffId]);
  if (!staff) throw new Error(`no staff ${mail.staffId} to mail`);
  await sql('insert into mail_outbox (kind, staff_id, to_address, subject, body) values (?, ?, ?, ?, ?)',
    [mail.kind, mail.staffId, staff.email, mail.subject, mail.body]);
}
