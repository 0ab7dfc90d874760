import { ArrayType, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Staff } from '../staff/staff.entity';
import { type AuditSettings, AuditSettingsType } from './audit-settings';

/** An audit's life: planned, run (findings generated, possibly re-run), then completed with a conclusion. */
export enum AuditStatus { PLANNED = 'PLANNED', IN_PROGRESS = 'IN_PROGRESS', COMPLETED = 'COMPLETED', CANCELLED = 'CANCELLED' }
export enum FindingSeverity { INFO = 'INFO', LOW = 'LOW', MEDIUM = 'MEDIUM', HIGH = 'HIGH', CRITICAL = 'CRITICAL' }
registerEnumType(AuditStatus, { name: 'AuditStatus' });
registerEnumType(FindingSeverity, { name: 'FindingSeverity' });

const intArray = () => new ArrayType<number>((i) => Number(i), (i) => String(i));

/** A planned, recorded audit (【13】): its scope, who audits, its status, findings and conclusion. */
@ObjectType()
@Entity({ tableName: 'audit' })
export class Audit {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  @Field(() => String) @Property({ type: 'string', length: 200 }) title!: string;
  @Field(() => String, { description: 'First day audited (Japan time), YYYY-MM-DD' }) @Property({ type: 'date' }) periodFrom!: string;
  @Field(() => String, { description: 'Last day audited (Japan time, inclusive), YYYY-MM-DD' }) @Property({ type: 'date' }) periodTo!: string;
  @Field(() => [String], { description: 'Roles audited; empty: all' }) @Property({ type: 'text[]', fieldName: 'scope_roles' }) roles: string[] = [];
  @Field(() => [String], { description: 'Purposes audited; empty: all' }) @Property({ type: 'text[]', fieldName: 'scope_purposes' }) purposes: string[] = [];
  @Field(() => [ID], { description: 'Contractors audited; empty: all' })
  @Property({ type: intArray(), columnType: 'int[]', fieldName: 'scope_contractor_ids' }) contractorIds: number[] = [];
  @Field(() => String, { nullable: true }) @Property({ type: 'date', nullable: true }) plannedDate?: string | null;
  @ManyToOne(() => Staff, { nullable: true }) auditor?: Staff | null;
  @Field(() => AuditStatus) @Enum({ items: () => AuditStatus, nativeEnumName: 'audit_status', default: AuditStatus.PLANNED }) status: AuditStatus = AuditStatus.PLANNED;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) conclusion?: string | null;
  @Field(() => AuditSettingsType, { description: 'Thresholds the findings are generated with' })
  @Property({ type: 'json' }) settings!: AuditSettings;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) lastRunAt?: Date | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) completedAt?: Date | null;
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()' }) createdAt: Date = new Date();
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() }) updatedAt: Date = new Date();
}

/** One finding of an audit run: what, how serious, about whom, and the trail entries that show it. */
@ObjectType()
@Entity({ tableName: 'audit_finding' })
export class AuditFinding {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  @Index() @ManyToOne(() => Audit) audit!: Audit;
  @Field(() => String, { description: 'The finding\'s identity within its audit, the same on a re-run: its triage is kept by it' })
  @Property({ type: 'string', length: 300, fieldName: 'finding_key' }) key: string = '';
  @Field(() => String, { description: 'What was checked (e.g. CLEAR_READ_VOLUME, OUT_OF_HOURS)' }) @Property({ type: 'string', length: 64 }) code!: string;
  @Field(() => FindingSeverity) @Enum({ items: () => FindingSeverity, nativeEnumName: 'finding_severity' }) severity!: FindingSeverity;
  @Field(() => String) @Property({ type: 'string', length: 200 }) title!: string;
  @Field(() => String) @Property({ type: 'text' }) detail!: string;
  @Field(() => ID, { nullable: true }) @Property({ type: 'integer', nullable: true }) staffId?: number | null;
  @Field(() => ID, { nullable: true }) @Property({ type: 'integer', nullable: true }) customerId?: number | null;
  @Field(() => ID, { nullable: true }) @Property({ type: 'integer', nullable: true }) contractorId?: number | null;
  @Field(() => String, { nullable: true, description: 'Day concerned (Japan time), YYYY-MM-DD' }) @Property({ type: 'date', nullable: true }) occurredOn?: string | null;
  @Field(() => [ID], { description: 'Trail entry ids that show the finding (at most 1,000)' })
  @Property({ type: intArray(), columnType: 'bigint[]' }) evidence: number[] = [];
  @Field(() => Int, { description: 'How many trail entries show it in all' }) @Property({ type: 'integer', default: 0 }) evidenceCount: number = 0;
  @Field(() => GraphQLJSONObject) @Property({ type: 'json' }) data: Record<string, unknown> = {};
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()' }) createdAt: Date = new Date();
}
