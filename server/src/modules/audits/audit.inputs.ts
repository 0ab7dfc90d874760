import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { AuditSettings } from './audit-settings';
import { AuditStatus, FindingSeverity } from './audit.entity';
import { FindingStatus } from './finding-triage';

@InputType()
export class AuditFilter {
  @Field(() => String, { nullable: true, description: 'Words of the title' }) q?: string;
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => AuditStatus, { nullable: true }) status?: AuditStatus;
}

/** The same thresholds as flat, optional mutation arguments. */
@ArgsType()
export class AuditSettingsArgs implements Partial<AuditSettings> {
  @Field(() => Int, { nullable: true }) dailyClearReadLimit?: number;
  @Field(() => Float, { nullable: true }) spikeMultiplier?: number;
  @Field(() => Int, { nullable: true }) workingHoursStart?: number;
  @Field(() => Int, { nullable: true }) workingHoursEnd?: number;
  @Field(() => Boolean, { nullable: true }) weekendsAndHolidaysOff?: boolean;
  @Field(() => Int, { nullable: true }) manyReadersThreshold?: number;
  @Field(() => Int, { nullable: true }) manyReadersWindowMinutes?: number;
  @Field(() => Int, { nullable: true }) contractorReviewDays?: number;
}

/** An audit's fields as flat mutation arguments (ra-data-graphql-simple), thresholds included. */
@ArgsType()
export class AuditFields extends AuditSettingsArgs {
  @Field(() => String, { nullable: true }) title?: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD (Japan time)' }) periodFrom?: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD (Japan time, inclusive)' }) periodTo?: string;
  @Field(() => [String], { nullable: true, description: 'Roles to audit; empty: all' }) roles?: string[];
  @Field(() => [String], { nullable: true, description: 'Purposes to audit; empty: all' }) purposes?: string[];
  @Field(() => [ID], { nullable: true, description: 'Contractors to audit; empty: all' }) contractorIds?: string[];
  @Field(() => String, { nullable: true }) plannedDate?: string | null;
  @Field(() => ID, { nullable: true, description: 'An AUDITOR or PRIVACY_MANAGER account' }) auditorId?: string | null;
  @Field(() => AuditStatus, { nullable: true }) status?: AuditStatus;
  @Field(() => String, { nullable: true }) conclusion?: string | null;
}

@ArgsType()
export class UpdateAuditArgs extends AuditFields {
  @Field(() => ID) id!: string;
}

export enum AuditExportFormat { CSV = 'CSV', HTML = 'HTML' }
registerEnumType(AuditExportFormat, { name: 'AuditExportFormat', description: 'CSV (UTF-8 with BOM) or a printable Japanese HTML report' });

/** An exported audit: the file's text itself, recorded in the trail before it is returned. */
@ObjectType()
export class AuditExport {
  @Field(() => String) filename!: string;
  @Field(() => String) contentType!: string;
  @Field(() => String) content!: string;
  @Field(() => String, { description: 'sha256 of content, as recorded in the trail' }) sha256!: string;
}

@InputType()
export class AuditFindingFilter {
  @Field(() => [FindingSeverity], { nullable: true }) severities?: FindingSeverity[];
  @Field(() => [String], { nullable: true }) codes?: string[];
}

@ArgsType()
export class TriageArgs {
  @Field(() => ID) id!: string;
  @Field(() => FindingStatus, { nullable: true }) status?: FindingStatus | null;
  @Field(() => ID, { nullable: true, description: 'An AUDITOR or PRIVACY_MANAGER account; null clears it' }) ownerId?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD (Japan time); null clears it' }) dueOn?: string | null;
  @Field(() => String, { nullable: true, description: 'Required to close the finding (ACCEPTED, REMEDIATED, FALSE_POSITIVE)' }) comment?: string | null;
}

@ArgsType()
export class AcceptRuleArgs {
  @Field(() => String) code!: string;
  @Field(() => String, { nullable: true }) role?: string | null;
  @Field(() => ID, { nullable: true }) staffId?: string | null;
  @Field(() => String, { nullable: true }) purpose?: string | null;
  @Field(() => ID, { nullable: true }) contractorId?: string | null;
  @Field(() => String) reason!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD (Japan time); default today' }) validFrom?: string | null;
  @Field(() => String, { description: 'YYYY-MM-DD (Japan time), at most 366 days after validFrom' }) validUntil!: string;
}
