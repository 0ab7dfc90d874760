import { Field, Float, Int, ObjectType } from 'type-graphql';
import { badInput } from '../../common/errors';
import { rangeOf, type SettingName, settings } from '../../config';

/** The thresholds an audit's findings are generated with; stored on the audit so a run can be reproduced. */
export interface AuditSettings {
  /** A staff member reading more customers than this in clear in one day (Japan time). */
  dailyClearReadLimit: number;
  /** …or more than this multiple of their own median over the 30 days before. */
  spikeMultiplier: number;
  /** Working hours, Japan time: [start, end). */
  workingHoursStart: number;
  workingHoursEnd: number;
  /** Weekends and national holidays count as outside working hours. */
  weekendsAndHolidaysOff: boolean;
  /** The same customer read in clear by this many different staff… */
  manyReadersThreshold: number;
  /** …within this many minutes. */
  manyReadersWindowMinutes: number;
  /** A contractor whose last review is older than this is past review (【8】). */
  contractorReviewDays: number;
}

type Threshold = Exclude<keyof AuditSettings, 'weekendsAndHolidaysOff'>;

/** The deployment's setting behind each threshold (config.ts parses and bounds them; an audit may override within the same bounds). */
const SETTING_OF: Record<Threshold, SettingName> = {
  dailyClearReadLimit: 'MAMORI_AUDIT_DAILY_CLEAR_READS', spikeMultiplier: 'MAMORI_AUDIT_SPIKE_MULTIPLIER',
  workingHoursStart: 'MAMORI_AUDIT_WORK_START', workingHoursEnd: 'MAMORI_AUDIT_WORK_END', manyReadersThreshold: 'MAMORI_AUDIT_MANY_READERS',
  manyReadersWindowMinutes: 'MAMORI_AUDIT_MANY_READERS_MINUTES', contractorReviewDays: 'MAMORI_AUDIT_CONTRACTOR_REVIEW_DAYS',
};

/** Defaults, overridable per deployment (MAMORI_AUDIT_*) and per audit. */
export function defaultAuditSettings(): AuditSettings {
  const s = settings();
  const thresholds = Object.fromEntries(Object.entries(SETTING_OF).map(([key, name]) => [key, s[name]])) as Record<Threshold, number>;
  return { ...thresholds, weekendsAndHolidaysOff: s.MAMORI_AUDIT_WEEKENDS_OFF };
}

@ObjectType('AuditSettings')
export class AuditSettingsType implements AuditSettings {
  @Field(() => Int) dailyClearReadLimit!: number;
  @Field(() => Float) spikeMultiplier!: number;
  @Field(() => Int) workingHoursStart!: number;
  @Field(() => Int) workingHoursEnd!: number;
  @Field(() => Boolean) weekendsAndHolidaysOff!: boolean;
  @Field(() => Int) manyReadersThreshold!: number;
  @Field(() => Int) manyReadersWindowMinutes!: number;
  @Field(() => Int) contractorReviewDays!: number;
}

const RANGES = Object.fromEntries(Object.entries(SETTING_OF).map(([key, name]) => [key, rangeOf(name)])) as Record<Threshold, [number, number]>;

/** `base` with the given arguments applied; BAD_USER_INPUT naming the field when one is out of range. */
export function mergeSettings(base: AuditSettings, args: Partial<AuditSettings>): AuditSettings {
  const out = { ...defaultAuditSettings(), ...base };
  for (const [key, [min, max]] of Object.entries(RANGES) as [keyof typeof RANGES, [number, number]][]) {
    const v = args[key];
    if (v === undefined || v === null) continue;
    if (!Number.isFinite(v) || v < min || v > max) throw badInput(key, `${key} は ${min}〜${max} で指定してください`, `${key} must be between ${min} and ${max}`);
    out[key] = v;
  }
  if (args.weekendsAndHolidaysOff !== undefined && args.weekendsAndHolidaysOff !== null) out.weekendsAndHolidaysOff = args.weekendsAndHolidaysOff;
  if (out.workingHoursStart >= out.workingHoursEnd) {
    throw badInput('workingHoursEnd', '勤務時間の終了は開始より後にしてください', 'Working hours must end after they start');
  }
  return out;
}
