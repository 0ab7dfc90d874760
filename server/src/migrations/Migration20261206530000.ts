import { Migration } from '@mikro-orm/migrations';

/**
 * Audit findings that can be worked (#21): a finding's stable key within its audit (a re-run regenerates
 * the findings; what people decided about them is kept by key, not by row), its triage (status, owner,
 * due day, the accept rule that accepted it), comments, and rules that accept a known legitimate pattern
 * until they expire. Every change to them is also a CHANGE entry of the trail.
 */
export class Migration20261206530000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "audit_finding" add column "finding_key" varchar(300) not null default '';`);
    this.addSql(`create type "finding_status" as enum ('OPEN', 'IN_PROGRESS', 'ACCEPTED', 'REMEDIATED', 'FALSE_POSITIVE');`);
    this.addSql(`create table "audit_accept_rule" (
      "id" serial primary key,
      "code" varchar(64) not null,
      "role" varchar(64) null,
      "staff_id" int null references "staff" ("id"),
      "purpose" varchar(64) null,
      "contractor_id" int null references "contractor" ("id"),
      "reason" text not null check (length(trim("reason")) > 0),
      "valid_from" date not null,
      "valid_until" date not null,
      "created_by_id" int not null references "staff" ("id"),
      "created_at" timestamptz not null default now(),
      "revoked_at" timestamptz null,
      "revoked_by_id" int null references "staff" ("id"),
      "revoke_reason" text null,
      constraint "audit_accept_rule_narrow" check (coalesce("role", "purpose") is not null or "staff_id" is not null or "contractor_id" is not null),
      constraint "audit_accept_rule_period" check ("valid_from" <= "valid_until" and "valid_until" - "valid_from" <= 366)
    );`);
    this.addSql(`create table "audit_finding_triage" (
      "audit_id" int not null references "audit" ("id"),
      "finding_key" varchar(300) not null,
      "status" "finding_status" not null default 'OPEN',
      "owner_id" int null references "staff" ("id"),
      "due_on" date null,
      "accept_rule_id" int null references "audit_accept_rule" ("id"),
      "updated_at" timestamptz not null default now(),
      primary key ("audit_id", "finding_key")
    );`);
    this.addSql(`create table "audit_finding_comment" (
      "id" serial primary key,
      "audit_id" int not null references "audit" ("id"),
      "finding_key" varchar(300) not null,
      "staff_id" int not null references "staff" ("id"),
      "body" text not null check (length(trim("body")) > 0),
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`create index "audit_finding_comment_key_index" on "audit_finding_comment" ("audit_id", "finding_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_finding_comment";`);
    this.addSql(`drop table if exists "audit_finding_triage";`);
    this.addSql(`drop table if exists "audit_accept_rule";`);
    this.addSql(`drop type if exists "finding_status";`);
    this.addSql(`alter table "audit_finding" drop column if exists "finding_key";`);
  }
}
