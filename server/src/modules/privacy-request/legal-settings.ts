import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { badInput } from '../../common/errors';
import { settings } from '../../config';
import type { RequestContext } from '../../context';
import { readSetting, type SettingsReader, writeSetting } from '../privacy-settings/settings-store';
import {
  type EntityType, isFiscalYearEnd, type LegalRetentionSettings, RETENTION_RULES, START_EVENT_LABELS, type StartEvent, TRAIL_RETENTION_MONTHS,
} from './legal-retention';
import type { UpdateLegalRetentionSettingsArgs } from './privacy-request.inputs';

export enum EntityTypeEnum { GODO_KAISHA = 'GODO_KAISHA', GOMEI_KAISHA = 'GOMEI_KAISHA', GOSHI_KAISHA = 'GOSHI_KAISHA', KABUSHIKI_KAISHA = 'KABUSHIKI_KAISHA' }
registerEnumType(EntityTypeEnum, { name: 'EntityType', description: 'The store operator\'s legal form (default 合同会社, blua LLC.)' });

const KEY = 'legalRetention';

/** Defaults: MAMORI_FISCAL_YEAR_END (MM-DD, default 03-31), MAMORI_ENTITY_TYPE (default GODO_KAISHA), no loss years, filing in 2 months, trail kept 36 months. */
export function defaultLegalSettings(): LegalRetentionSettings {
  // Parsed and checked once with every other setting (config.ts).
  const { MAMORI_FISCAL_YEAR_END: fy, MAMORI_ENTITY_TYPE: entity } = settings();
  return { fiscalYearEnd: fy, entityType: entity, lossFiscalYears: [], filingDeadlineMonths: 2, trailRetentionMonths: TRAIL_RETENTION_MONTHS.default };
}

/** The settings in force (stored by the privacy manager, else the defaults). */
export async function legalSettings(db: EntityManager | SettingsReader): Promise<LegalRetentionSettings> {
  return (await readSetting(db, KEY, defaultLegalSettings)).value;
}

@ObjectType()
export class RetentionRuleInfo {
  @Field(() => String) id!: string;
  @Field(() => [String], { description: 'Record kinds it keeps: orders, orderItems, provisionRecords' }) records!: string[];
  @Field(() => String, { description: 'The law and article (Japanese)' }) law!: string;
  @Field(() => String, { description: 'BOOKS_CLOSED, FILING_DEADLINE or RECORD_CREATED' }) start!: StartEvent;
  @Field(() => String) startLabel!: string;
  @Field(() => Int) years!: number;
  @Field(() => Int, { nullable: true, description: 'Years for a record of a loss fiscal year' }) lossYears!: number | null;
  @Field(() => Boolean, { description: 'Whether it binds the operator\'s entity type' }) applies!: boolean;
}

@ObjectType('LegalRetentionSettings')
export class LegalRetentionSettingsType {
  @Field(() => String, { description: 'Last day of the fiscal year, MM-DD' }) fiscalYearEnd!: string;
  @Field(() => EntityTypeEnum) entityType!: EntityType;
  @Field(() => [Int], { description: 'Fiscal years with a loss carried forward (the calendar year each ends in): kept 10 years under tax law' })
  lossFiscalYears!: number[];
  @Field(() => Int, { description: 'Months from the fiscal year end to the filing deadline (2, or 3 with an extension)' }) filingDeadlineMonths!: number;
  @Field(() => Int, { description: `Months the access trail stays in the database before trail:archive exports and drops it (${TRAIL_RETENTION_MONTHS.min} to ${TRAIL_RETENTION_MONTHS.max})` })
  trailRetentionMonths!: number;
  @Field(() => Date, { nullable: true, description: 'Null while the defaults apply' }) updatedAt!: Date | null;
  @Field(() => [RetentionRuleInfo]) rules!: RetentionRuleInfo[];
}

function view(s: LegalRetentionSettings, updatedAt: Date | null): LegalRetentionSettingsType {
  return {
    ...s, updatedAt,
    rules: RETENTION_RULES.map((r) => ({
      id: r.id, records: [...r.records], law: r.law, start: r.start, startLabel: START_EVENT_LABELS[r.start], years: r.years,
      lossYears: r.lossYears ?? null, applies: !r.entityTypes || r.entityTypes.includes(s.entityType),
    })),
  };
}

export async function readLegalSettings(ctx: RequestContext): Promise<LegalRetentionSettingsType> {
  const { value, updatedAt } = await readSetting(ctx.em, KEY, defaultLegalSettings);
  return view(value, updatedAt);
}

/** Validates and stores new settings; BAD_USER_INPUT naming the field, nothing stored, on bad input. */
export async function updateLegalSettings(ctx: RequestContext, args: UpdateLegalRetentionSettingsArgs): Promise<LegalRetentionSettingsType> {
  const before = await legalSettings(ctx.em);
  const next = { ...before };
  if (args.fiscalYearEnd != null) {
    if (!isFiscalYearEnd(args.fiscalYearEnd)) {
      throw badInput('fiscalYearEnd', '事業年度末は実在する月日を MM-DD で指定してください(例 03-31)', 'fiscalYearEnd must be a day of the year as MM-DD (e.g. 03-31)');
    }
    next.fiscalYearEnd = args.fiscalYearEnd;
  }
  if (args.entityType != null) next.entityType = args.entityType;
  if (args.lossFiscalYears != null) {
    const years = [...new Set(args.lossFiscalYears)].sort((a, b) => a - b);
    if (years.some((y) => !Number.isInteger(y) || y < 1990 || y > 2200)) {
      throw badInput('lossFiscalYears', '欠損金の生じた事業年度は西暦(1990〜2200)で指定してください', 'Loss fiscal years are calendar years from 1990 to 2200');
    }
    next.lossFiscalYears = years;
  }
  if (args.filingDeadlineMonths != null) {
    if (!Number.isInteger(args.filingDeadlineMonths) || args.filingDeadlineMonths < 2 || args.filingDeadlineMonths > 6) {
      throw badInput('filingDeadlineMonths', '申告期限は事業年度末から2〜6か月で指定してください', 'filingDeadlineMonths must be 2 to 6');
    }
    next.filingDeadlineMonths = args.filingDeadlineMonths;
  }
  if (args.trailRetentionMonths != null) {
    const { min, max } = TRAIL_RETENTION_MONTHS;
    if (!Number.isInteger(args.trailRetentionMonths) || args.trailRetentionMonths < min || args.trailRetentionMonths > max) {
      throw badInput('trailRetentionMonths', `アクセス記録の保存期間は${min}〜${max}か月で指定してください`, `trailRetentionMonths must be ${min} to ${max}`);
    }
    next.trailRetentionMonths = args.trailRetentionMonths;
  }
  const updatedAt = await writeSetting(ctx, KEY, before, next);
  return view(next, updatedAt);
}
