import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, Int, ObjectType } from 'type-graphql';
import { badInput } from '../../common/errors';
import type { RequestContext } from '../../context';
import { readSetting, type SettingsReader, writeSetting } from '../privacy-settings/settings-store';
import type { UpdateRetentionScheduleArgs } from './live-retention.inputs';
import { legalSettings } from '../privacy-request/legal-settings';

/**
 * Retention of live data (APPI art. 22: personal data no longer needed for its purpose is to be erased
 * without delay), as data: kind → what its period counts from → what the sweep does when it falls due →
 * default months → the legal reasoning, shown next to the setting (docs/privacy-law.md). The privacy
 * manager sets the months (`updateRetentionSchedule`); `sweepLiveData` and `npm run retention:sweep`
 * act on what falls due; `retentionDue` shows what falls due next. Change-event values and trail
 * partitions are the trail's own retention (server/src/trail, #20), not this schedule's.
 */
export const LIVE_KINDS = ['RECORDINGS', 'TRANSCRIPTS', 'DORMANT_CUSTOMERS', 'CONSENT_HISTORY', 'REQUESTER_CONTACTS', 'COMPLAINANT_CONTACTS',
  'CONSENT_EVIDENCE'] as const;
export type LiveKind = (typeof LIVE_KINDS)[number];

export interface LiveKindSpec {
  /** The argument of updateRetentionSchedule that sets it (and names the field of an error). */
  setting: 'recordingsMonths' | 'transcriptsMonths' | 'dormantCustomerMonths' | 'consentHistoryMonths' | 'requesterContactMonths'
    | 'complainantContactMonths' | 'consentEvidenceMonths';
  defaultMonths: number;
  ja: string;
  countedFrom: string;
  action: string;
  basis: string;
}

export const LIVE_RETENTION: Readonly<Record<LiveKind, LiveKindSpec>> = {
  RECORDINGS: {
    setting: 'recordingsMonths', defaultMonths: 12, ja: '通話録音(音声ファイル)', countedFrom: '通話の日',
    action: '音声ファイルを削除し、録音キーを消す(やり取りの記録は残す)',
    basis: '個人情報保護法第22条。録音の利用目的は応対品質の向上と問合せ内容の正確な把握(方針【4】※3)で、対応の済んだ通話に長くは要しない。'
      + '解決していない苦情の録音と、処理中の請求がある本人の録音は残す。',
  },
  TRANSCRIPTS: {
    setting: 'transcriptsMonths', defaultMonths: 60, ja: '応対記録の全文(書き起こし)', countedFrom: 'やり取りの日',
    action: '全文を消す(要約は残す)',
    basis: '個人情報保護法第22条。全文はアフターサービスと問合せへの回答(【4】(4)(7))に使い、契約上の請求権が時効で消える'
      + '(民法第166条第1項第1号: 知った時から5年)までが目安。解決していない苦情と処理中の請求の分は残す。',
  },
  DORMANT_CUSTOMERS: {
    setting: 'dormantCustomerMonths', defaultMonths: 60, ja: '休眠顧客(注文・やり取り・同意の最後から)', countedFrom: '最後の注文・やり取り・同意の日',
    action: '削除請求と同じく消去し、法定保存義務のある注文と提供記録は仮名化して保存',
    basis: '個人情報保護法第22条。取引の途絶えた顧客の登録情報は利用目的(【4】)に必要がない。注文は会社法第615条(株式会社は第432条)・'
      + '法人税法施行規則第59条、提供記録は第29条の期間だけ仮名で残る。処理中の請求・未解決の苦情・回収中の債権がある顧客は対象外。',
  },
  CONSENT_HISTORY: {
    setting: 'consentHistoryMonths', defaultMonths: 60, ja: '撤回された同意の記録', countedFrom: '撤回の日',
    action: '同意の記録を削除',
    basis: '撤回された同意の記録は、同意のあった間の利用が適法だった証拠として、請求権の時効(民法第166条)にあわせて残す。'
      + '第三者提供の記録が根拠として指す同意(第29条・施行規則第21条)と、まだ保有する要配慮個人情報の取得の同意(第20条第2項)は消さない。',
  },
  REQUESTER_CONTACTS: {
    setting: 'requesterContactMonths', defaultMonths: 36, ja: '請求者(代理人・顧客でない方)の氏名と連絡先', countedFrom: '請求の完了または拒否の日',
    action: '氏名と連絡先を消す(請求の種類・期限・対応の記録は残す)',
    basis: '個人情報保護法第22条。請求者の氏名・連絡先は回答と、その後の苦情・再請求への対応に使う。対応の記録そのものは残し、'
      + '連絡先は第三者提供記録の保存期間(施行規則第21条: 3年)にあわせた既定36か月で消す。',
  },
  COMPLAINANT_CONTACTS: {
    setting: 'complainantContactMonths', defaultMonths: 36, ja: '苦情の申出者(顧客でない方)の氏名と連絡先', countedFrom: '苦情の終了の日',
    action: '氏名と連絡先を消し、苦情の本文・回答から氏名を伏せる(苦情の内容・対応の記録は残す)',
    basis: '個人情報保護法第22条・第40条。申出者の氏名・連絡先は苦情への回答(方針【14】)と、その後の再申出への対応に使う。'
      + '対応の記録そのものは残し、氏名・連絡先は請求者の連絡先と同じ既定36か月で消す。',
  },
  CONSENT_EVIDENCE: {
    setting: 'consentEvidenceMonths', defaultMonths: 36, ja: '削除された同意の証跡(監査用・仮名)', countedFrom: '同意の記録の削除の日',
    action: '証跡を削除',
    basis: '個人情報保護法第22条。同意の証跡は、同意のあった間の取扱い(アクセス記録)を監査で判断するために残す(方針【13】)。'
      + '同意に基づく取扱いは同意の削除より前にあり、その記録はアクセス記録の保存期間だけ残るため、同じ期間(既定36か月、アクセス記録の保存期間より短くはできない)で消す。',
  },
};

/** The longest period a privacy manager may set: a ceiling against typing mistakes (100 years). */
export const MAX_MONTHS = 1_200;

export type LiveSchedule = Record<LiveKind, number>;
const KEY = 'liveRetention';
const defaults = (): LiveSchedule => Object.fromEntries(LIVE_KINDS.map((k) => [k, LIVE_RETENTION[k].defaultMonths])) as LiveSchedule;

/**
 * The schedule in force, and the kinds the privacy manager has chosen a period for (saved at least once): a
 * kind added by an upgrade runs on its default only once the schedule is saved again, since erasure is final.
 */
export async function liveSchedule(db: EntityManager | SettingsReader): Promise<{ value: LiveSchedule; updatedAt: Date | null; chosen: LiveKind[] }> {
  const saved = await readSetting<Partial<LiveSchedule>>(db, KEY, () => ({}));
  return { value: { ...defaults(), ...saved.value }, updatedAt: saved.updatedAt, chosen: LIVE_KINDS.filter((k) => saved.value[k] != null) };
}

@ObjectType()
export class RetentionPeriod {
  @Field(() => String, { description: 'RECORDINGS, TRANSCRIPTS, DORMANT_CUSTOMERS, CONSENT_HISTORY, REQUESTER_CONTACTS, COMPLAINANT_CONTACTS or CONSENT_EVIDENCE' }) kind!: LiveKind;
  @Field(() => String) label!: string;
  @Field(() => Int) months!: number;
  @Field(() => Int) defaultMonths!: number;
  @Field(() => String, { description: 'The argument of updateRetentionSchedule that sets it' }) setting!: string;
  @Field(() => String) countedFrom!: string;
  @Field(() => String, { description: 'What the sweep does when it falls due' }) action!: string;
  @Field(() => String, { description: 'The legal reasoning (Japanese)' }) basis!: string;
}

@ObjectType()
export class RetentionSchedule {
  @Field(() => [RetentionPeriod]) periods!: RetentionPeriod[];
  @Field(() => Date, { nullable: true, description: 'Null while the defaults apply' }) updatedAt!: Date | null;
}

function view(value: LiveSchedule, updatedAt: Date | string | null): RetentionSchedule {
  return {
    // A raw statement's timestamp may come back as text: the Date scalar needs a Date.
    updatedAt: updatedAt == null ? null : new Date(updatedAt),
    periods: LIVE_KINDS.map((kind) => {
      const s = LIVE_RETENTION[kind];
      return { kind, label: s.ja, months: value[kind], defaultMonths: s.defaultMonths, setting: s.setting, countedFrom: s.countedFrom, action: s.action, basis: s.basis };
    }),
  };
}

export async function readSchedule(ctx: RequestContext): Promise<RetentionSchedule> {
  const { value, updatedAt } = await liveSchedule(ctx.em);
  return view(value, updatedAt);
}

/** Validates every period first (BAD_USER_INPUT naming the argument; nothing stored), then stores them and records the change. */
export async function updateSchedule(ctx: RequestContext, args: UpdateRetentionScheduleArgs): Promise<RetentionSchedule> {
  const { value: before } = await liveSchedule(ctx.em);
  const next = { ...before };
  for (const kind of LIVE_KINDS) {
    const { setting, ja } = LIVE_RETENTION[kind];
    const months = args[setting];
    if (months == null) continue;
    if (!Number.isInteger(months) || months < 1 || months > MAX_MONTHS) {
      throw badInput(setting, `${ja}の保存期間は1〜${MAX_MONTHS}か月の整数で指定してください`, `${setting} must be a whole number of months from 1 to ${MAX_MONTHS}`);
    }
    next[kind] = months;
  }
  // The evidence judges reads the trail still holds: it may not go before them.
  const { trailRetentionMonths } = await legalSettings(ctx.em);
  if (args.consentEvidenceMonths != null && next.CONSENT_EVIDENCE < trailRetentionMonths) {
    throw badInput('consentEvidenceMonths', `同意の証跡はアクセス記録の保存期間(${trailRetentionMonths}か月)以上残してください`,
      `consentEvidenceMonths may not be shorter than the trail's retention (${trailRetentionMonths} months)`);
  }
  const updatedAt = await writeSetting(ctx, KEY, before, next);
  return view(next, updatedAt);
}
