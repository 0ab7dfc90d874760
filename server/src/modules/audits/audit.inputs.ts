import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { AuditSettingsArgs } from './audit-settings';
import { AuditStatus, FindingSeverity } from './audit.entity';

@InputType()
export class AuditFilter {
  @Field(() => String, { nullable: true, description: 'Words of the title' }) q?: string;
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => AuditStatus, { nullable: true }) status?: AuditStatus;
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
