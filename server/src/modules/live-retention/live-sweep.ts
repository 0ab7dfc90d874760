import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, Int, ObjectType } from 'type-graphql';
import { destroySubjectKey } from '../../trail/subject-keys';
import { appendTrail, type TrailEntryInput } from '../../trail/trail-writer';
import { removeRecordingFiles } from '../interaction/recording-files';
import { eraseCustomer } from '../privacy-request/erase-customer';
import { addDays, todayInJapan } from '../../common/japan-dates';
import { jstDate, JST_TODAY } from '../../common/jst-sql';
import { legalSettings } from '../privacy-request/legal-settings';
import { LIVE_KINDS, LIVE_RETENTION, type LiveKind, type LiveSchedule, liveSchedule } from './schedule';

/** Who runs a sweep, as the trail records it (the privacy manager's request, or the daily command). */
export type SweepActor = Omit<TrailEntryInput, 'customerId' | 'clearFields' | 'maskedFields' | 'detail'>;
export const SYSTEM_SWEEP: SweepActor = {
  kind: 'CHANGE', staffId: null, apiKeyId: null, role: null, purpose: null, operation: 'retentionSweep', queryHash: null, requestId: null, clientAddress: null,
};

/** A customer the sweep must leave alone: a request in progress, a complaint not closed, a debt being collected. */
const BUSY = (customer: string) => `(exists (select 1 from privacy_request r where r.customer_id = ${customer} and r.status not in ('COMPLETED', 'REFUSED'))
  or exists (select 1 from interaction b where b.customer_id = ${customer} and b.complaint_status in ('OPEN', 'ANSWERED'))
  or exists (select 1 from collection_case cc join "order" co on co.id = cc.order_id where co.customer_id = ${customer} and cc.closed_at is null))`;
/** A complaint from someone with no customer row, not closed: kept whole, like a customer's open complaint. */
const UNOWNED_OPEN = (i: string) => `(${i}.customer_id is null and ${i}.complaint_status in ('OPEN', 'ANSWERED'))`;
const plusMonths = (at: string) => `(${jstDate(at)} + make_interval(months => ?::int))::date`;

/**
 * Each kind's items with the day they fall due (`due`, a date in Japan: the day `months` after their start,
 * the first day they may go). Recordings and transcripts of a complaint not closed or of a person with a
 * request in progress are not items; nor is a consent a provision record names as its basis, or a
 * SENSITIVE_INFORMATION consent while the person's sensitive text is still held.
 */
export const ITEMS: Record<LiveKind, string> = {
  RECORDINGS: `select i.id, i.customer_id, ${plusMonths('i.occurred_at')} as due from interaction i
    where i.recording_key is not null and not ${BUSY('i.customer_id')} and not ${UNOWNED_OPEN('i')}`,
  TRANSCRIPTS: `select i.id, i.customer_id, ${plusMonths('i.occurred_at')} as due from interaction i
    where i.transcript is not null and not ${BUSY('i.customer_id')} and not ${UNOWNED_OPEN('i')}`,
  CONSENT_HISTORY: `select k.id, k.customer_id, ${plusMonths('k.withdrawn_at')} as due from consent k
    where k.withdrawn_at is not null and not exists (select 1 from provision_record p where p.consent_id = k.id)
      and not (k.purpose = 'SENSITIVE_INFORMATION' and (exists (select 1 from customer sc where sc.id = k.customer_id and sc.sensitive_fields <> '{}')
        or exists (select 1 from interaction si where si.customer_id = k.customer_id and si.sensitive_fields <> '{}')))`,
  REQUESTER_CONTACTS: `select r.id, r.customer_id, ${plusMonths('r.completed_at')} as due from privacy_request r
    where r.status in ('COMPLETED', 'REFUSED') and r.completed_at is not null and (r.requester_name is not null or r.requester_contact is not null)`,
  // Pseudonymised evidence: its customer id names no one the sweep reports on (the trail entry counts it).
  CONSENT_EVIDENCE: `select e.id, null::int as customer_id, ${plusMonths('e.deleted_at')} as due from consent_evidence e`,
  COMPLAINANT_CONTACTS: `select i.id, i.customer_id, ${plusMonths('i.complaint_closed_at')} as due from interaction i
    where i.customer_id is null and i.complaint_status = 'CLOSED' and i.complaint_closed_at is not null
      and (i.complainant_name is not null or i.complainant_contact is not null)`,
  DORMANT_CUSTOMERS: `select c.id, c.id as customer_id, ${plusMonths(`greatest(c.created_at,
      (select max(o.placed_at) from "order" o where o.customer_id = c.id),
      (select max(i.occurred_at) from interaction i where i.customer_id = c.id),
      (select max(greatest(k.granted_at, k.withdrawn_at)) from consent k where k.customer_id = c.id))`)} as due
    from customer c where c.status <> 'ERASED' and not ${BUSY('c.id')}`,
};

@ObjectType()
export class RetentionDue {
  @Field(() => String) kind!: LiveKind;
  @Field(() => String) label!: string;
  @Field(() => Int) months!: number;
  @Field(() => Int, { description: 'Due today or earlier: the next sweep acts on them' }) dueNow!: number;
  @Field(() => Int, { description: 'Falling due after today, within the window asked for' }) dueWithin!: number;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: the first day after today something falls due' }) nextDueAt!: string | null;
}

/** What falls due now and within `days` days, per kind (counts and dates only: no one is named). */
export async function retentionDue(em: EntityManager, days: number, today: string = todayInJapan()): Promise<RetentionDue[]> {
  const { value } = await liveSchedule(em);
  const until = addDays(today, days);
  const out: RetentionDue[] = [];
  for (const kind of LIVE_KINDS) {
    const [r] = await em.execute(`select count(*) filter (where due <= ?::date)::int as now, count(*) filter (where due > ?::date and due <= ?::date)::int as within,
      to_char(min(due) filter (where due > ?::date), 'YYYY-MM-DD') as next from (${ITEMS[kind]}) x`, [today, today, until, today, value[kind]]);
    out.push({ kind, label: LIVE_RETENTION[kind].ja, months: value[kind], dueNow: r.now, dueWithin: r.within, nextDueAt: r.next });
  }
  return out;
}

@ObjectType()
export class LiveSweepResult {
  @Field(() => String) today!: string;
  @Field(() => Int, { description: 'Recordings whose key was dropped' }) recordings!: number;
  @Field(() => Int, { description: 'Audio files deleted' }) recordingFiles!: number;
  @Field(() => Int) transcripts!: number;
  @Field(() => Int) consents!: number;
  @Field(() => Int, { description: 'Closed requests whose requester name and contact were erased' }) requesterContacts!: number;
  @Field(() => Int, { description: 'Closed complaints from people with no customer row whose name and contact were erased' }) complainantContacts!: number;
  @Field(() => Int, { description: 'Consent evidence rows erased (consent_evidence)' }) consentEvidence!: number;
  @Field(() => Int, { description: 'Dormant customers erased (what the law keeps stays pseudonymised)' }) dormantCustomers!: number;
  @Field(() => Int, { description: 'Dormant customers left for the next run (at most `DORMANT_BATCH` per run)' }) dormantLeft!: number;
  @Field(() => Boolean, { description: 'False until the privacy manager has saved the schedule once: nothing is erased before' }) confirmed!: boolean;
}

/** Dormant customers erased per run: each erasure is a small transaction's worth of work; the rest waits for the next run. */
export const DORMANT_BATCH = 200;

type Touch = { recordings: number; transcripts: number; consents: number; requesterContacts: number; complainantContacts: number; erased: boolean };
const untouched = (): Touch => ({ recordings: 0, transcripts: 0, consents: 0, requesterContacts: 0, complainantContacts: 0, erased: false });

/** The complainant's name, as typed and without spaces, replaced in a text column by a neutral word (SQL). */
const UNNAME = (column: string) => `replace(replace(${column}, old.complainant_name, '［申出者］'), replace(old.complainant_name, ' ', ''), '［申出者］')`;

/**
 * Erases or pseudonymises what falls due under the schedule, in one transaction (the caller's): recordings
 * (the audio file and the key), transcripts (the summary stays), withdrawn consents, requesters' and
 * complainants' contacts, and dormant customers (erased as a deletion request would, DORMANT_BATCH per run).
 * Only kinds the privacy manager has chosen a period for (liveSchedule). Each customer touched gets one CHANGE
 * entry saying what went and why, and no personal value; rows about no customer get one entry with counts.
 * Idempotent: run it daily.
 */
export async function sweepLiveData(em: EntityManager, actor: SweepActor = SYSTEM_SWEEP, today: string = todayInJapan(), schedule?: LiveSchedule): Promise<LiveSweepResult> {
  const stored = await liveSchedule(em);
  // Erasure cannot be undone: periods nobody has chosen erase nothing. Until the privacy manager saves the
  // schedule once (updateRetentionSchedule), the sweep only reports; retentionDue and the audit show what is due.
  if (!schedule && !stored.updatedAt) {
    return { today, recordings: 0, recordingFiles: 0, transcripts: 0, consents: 0, requesterContacts: 0, complainantContacts: 0, consentEvidence: 0, dormantCustomers: 0, dormantLeft: 0, confirmed: false };
  }
  const months = schedule ?? stored.value;
  const run = (sql: string, params: unknown[]) => em.execute(sql, params) as Promise<Record<string, any>[]>;
  // A kind is swept only when its period was chosen: one an upgrade added waits for the next save of the schedule.
  const sweep = (kind: LiveKind, sql: (due: string) => string) => (schedule || stored.chosen.includes(kind)
    ? run(sql(`select id from (${ITEMS[kind]}) x where due <= ?::date`), [months[kind], today]) : Promise.resolve([]));
  const touched = new Map<number, Touch>();
  const unowned = untouched();
  const of = (id: number | null) => (id == null ? unowned : touched.get(id) ?? touched.set(id, untouched()).get(id)!);

  const recordings = await sweep('RECORDINGS', (due) => `update interaction i set recording_key = null, recording_duration_sec = null from interaction old
    where old.id = i.id and i.id in (${due}) returning i.customer_id, old.recording_key`);
  const recordingFiles = await removeRecordingFiles(recordings.map((r) => r.recording_key));
  for (const r of recordings) of(r.customer_id).recordings += 1;
  // The transcript goes; the row no longer holds sensitive text there.
  const transcripts = await sweep('TRANSCRIPTS', (due) => `update interaction set transcript = null, sensitive_fields = array_remove(sensitive_fields, 'transcript')
    where id in (${due}) returning customer_id`);
  for (const r of transcripts) of(r.customer_id).transcripts += 1;
  const consents = await sweep('CONSENT_HISTORY', (due) => `delete from consent where id in (${due}) returning customer_id`);
  for (const r of consents) of(r.customer_id).consents += 1;
  const contacts = await sweep('REQUESTER_CONTACTS', (due) => `update privacy_request set requester_name = null, requester_contact = null
    where id in (${due}) returning customer_id`);
  for (const r of contacts) of(r.customer_id).requesterContacts += 1;
  // The complaint's record stays (【14】); who made it goes, from its text too.
  const complainants = await sweep('COMPLAINANT_CONTACTS', (due) => `update interaction i set complainant_name = null, complainant_contact = null,
      summary = coalesce(${UNNAME('i.summary')}, i.summary), transcript = ${UNNAME('i.transcript')}, complaint_answer = ${UNNAME('i.complaint_answer')}
    from interaction old where old.id = i.id and i.id in (${due}) returning i.customer_id`);
  for (const r of complainants) of(r.customer_id).complainantContacts += 1;

  // The application only appends to the evidence: the owner's function erases what fell due (never under 12 months).
  const [evidence] = schedule || stored.chosen.includes('CONSENT_EVIDENCE')
    ? await run(`select consent_evidence_purge(least(?::date, ${JST_TODAY}), ?::int) as n`, [today, months.CONSENT_EVIDENCE]) : [{ n: 0 }];

  const dormant = await sweep('DORMANT_CUSTOMERS', (due) => `select c.id, c.customer_number from customer c where c.id in (${due}) order by c.id`);
  const settings = await legalSettings(em);
  for (const c of dormant.slice(0, DORMANT_BATCH)) {
    const e = await eraseCustomer(em, { id: c.id, customerNumber: c.customer_number }, settings, today);
    await run(`insert into customer_erasure (customer_id, pseudonym_id, privacy_request_id, retain_until, purged_at)
      values (?, ?, null, ?, case when ?::date is null then now() end)`, [c.id, e.pseudonymId, e.remainderDueAt, e.remainderDueAt]);
    // Crypto-shredding (#20), as for a deletion request: the trail's sealed values about the person become unreadable.
    await destroySubjectKey(em, c.id);
    of(c.id).erased = true;
  }

  // Requests and complaints about no customer record have no subject: one entry per record kind says how much of theirs went.
  const { requesterContacts, recordings: rec, transcripts: tra, complainantContacts: com } = unowned;
  const counted = (entity: string, counts: Record<string, number>) => (Object.values(counts).some((n) => n > 0) ? [{
    ...actor, customerId: null, clearFields: [], maskedFields: [],
    detail: { entity, entityId: 0, action: 'UPDATE', fields: [], oldValues: null, newValues: null,
      reason: `保存期間の満了による顧客でない方のデータの消去 / data of people with no customer row erased (${today})`, ...counts },
  }] : []);
  await appendTrail(em, [...counted('PrivacyRequest', { requesterContacts }), ...counted('Consent', { consentEvidence: Number(evidence.n) }), ...counted('Interaction', { recordings: rec, transcripts: tra, complainantContacts: com }),
  ...[...touched].map(([customerId, t]) => ({
    ...actor, customerId, clearFields: [], maskedFields: [],
    detail: {
      entity: 'Customer', entityId: customerId, action: t.erased ? 'DELETE' : 'UPDATE', fields: [], oldValues: null, newValues: null,
      reason: t.erased ? `休眠顧客の保存期間(${months.DORMANT_CUSTOMERS}か月)の満了による消去 / dormant customer erased (${today})`
        : `保存期間の満了による消去 / live-data retention period over (${today})`,
      ...t,
    },
  }))]);
  return {
    today, recordings: recordings.length, recordingFiles, transcripts: transcripts.length, consents: consents.length, requesterContacts: contacts.length,
    complainantContacts: complainants.length, consentEvidence: Number(evidence.n), dormantCustomers: Math.min(dormant.length, DORMANT_BATCH),
    dormantLeft: Math.max(0, dormant.length - DORMANT_BATCH), confirmed: true,
  };
}
