import { Migration } from '@mikro-orm/migrations';

/**
 * Audits (【13】) with their findings, and complaint handling (【14】) on the interaction table:
 * status, owner, due date and the answer sent. Every complaint starts OPEN, whatever path wrote it.
 */
export class Migration20261125191000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "complaint_status" as enum ('OPEN', 'ANSWERED', 'CLOSED');`);
    this.addSql(`alter table "interaction"
      add column "complaint_status" "complaint_status" null,
      add column "complaint_owner_id" int null,
      add column "complaint_due_date" date null,
      add column "complaint_answer" text null,
      add column "complaint_answered_at" timestamptz null,
      add column "complaint_closed_at" timestamptz null,
      add column "complaint_about_privacy" boolean not null default false;`);
    this.addSql(`alter table "interaction" add constraint "interaction_complaint_owner_id_foreign" foreign key ("complaint_owner_id")
      references "staff" ("id") on update cascade on delete set null;`);
    this.addSql(`create index "interaction_complaint_open_index" on "interaction" ("complaint_status", "complaint_due_date") where kind = 'COMPLAINT';`);
    this.addSql(`create function interaction_complaint_opens() returns trigger language plpgsql as $$
      begin
        if new.kind = 'COMPLAINT' and new.complaint_status is null then new.complaint_status := 'OPEN'; end if;
        return new;
      end $$;`);
    this.addSql(`create trigger interaction_complaint_opens before insert or update of kind on "interaction"
      for each row execute function interaction_complaint_opens();`);
    this.addSql(`update "interaction" set "complaint_status" = 'OPEN' where kind = 'COMPLAINT' and "complaint_status" is null;`);

    this.addSql(`create type "audit_status" as enum ('PLANNED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED');`);
    this.addSql(`create table "audit" (
      "id" serial primary key,
      "title" varchar(200) not null,
      "period_from" date not null,
      "period_to" date not null,
      "scope_roles" text[] not null default '{}',
      "scope_purposes" text[] not null default '{}',
      "scope_contractor_ids" int[] not null default '{}',
      "planned_date" date null,
      "auditor_id" int null,
      "status" "audit_status" not null default 'PLANNED',
      "conclusion" text null,
      "settings" jsonb not null default '{}',
      "last_run_at" timestamptz null,
      "completed_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "audit_period_check" check ("period_from" <= "period_to"));`);
    this.addSql(`alter table "audit" add constraint "audit_auditor_id_foreign" foreign key ("auditor_id")
      references "staff" ("id") on update cascade on delete set null;`);

    this.addSql(`create type "finding_severity" as enum ('INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL');`);
    this.addSql(`create table "audit_finding" (
      "id" serial primary key,
      "audit_id" int not null,
      "code" varchar(64) not null,
      "severity" "finding_severity" not null,
      "title" varchar(200) not null,
      "detail" text not null,
      "staff_id" int null,
      "customer_id" int null,
      "contractor_id" int null,
      "occurred_on" date null,
      "evidence" bigint[] not null default '{}',
      "evidence_count" int not null default 0,
      "data" jsonb not null default '{}',
      "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "audit_finding" add constraint "audit_finding_audit_id_foreign" foreign key ("audit_id")
      references "audit" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "audit_finding_audit_id_index" on "audit_finding" ("audit_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_finding" cascade;`);
    this.addSql(`drop table if exists "audit" cascade;`);
    this.addSql(`drop type if exists "finding_severity";`);
    this.addSql(`drop type if exists "audit_status";`);
    this.addSql(`drop trigger if exists interaction_complaint_opens on "interaction";`);
    this.addSql(`drop function if exists interaction_complaint_opens();`);
    this.addSql(`alter table "interaction" drop column "complaint_status", drop column "complaint_owner_id", drop column "complaint_due_date",
      drop column "complaint_answer", drop column "complaint_answered_at", drop column "complaint_closed_at", drop column "complaint_about_privacy";`);
    this.addSql(`drop type if exists "complaint_status";`);
  }
}
