import { Migration } from '@mikro-orm/migrations';

/**
 * Logins (#22): failure counts for throttling (per address, account from an address, account), the step a
 * session still owes (second factor, enrolment), TOTP secrets (sealed, never clear) with hashed recovery
 * codes, and the documents each API key may run (trusted documents, approved by the privacy manager).
 */
export class Migration20261205120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table login_throttle (
      scope varchar(8) not null check (scope in ('address', 'pair', 'account')),
      key varchar(400) not null,
      failures int not null check (failures > 0),
      last_failure_at timestamptz not null,
      primary key (scope, key));`);
    this.addSql(`create index login_throttle_last_failure_at on login_throttle (last_failure_at);`);

    this.addSql(`alter table session add column stage varchar(16) not null default 'FULL'
      check (stage in ('FULL', 'SECOND_FACTOR', 'ENROL_MFA'));`);

    this.addSql(`create table staff_mfa (
      staff_id int primary key references staff (id) on update cascade on delete cascade,
      secret_sealed text not null check (secret_sealed like 'v1.%'),
      created_at timestamptz not null default now(),
      confirmed_at timestamptz null,
      last_time_step bigint null);`);
    this.addSql(`create table staff_recovery_code (
      id serial primary key,
      staff_id int not null references staff (id) on update cascade on delete cascade,
      code_hash varchar(64) not null,
      created_at timestamptz not null default now(),
      used_at timestamptz null);`);
    this.addSql(`create index staff_recovery_code_staff on staff_recovery_code (staff_id, code_hash);`);

    this.addSql(`create table trusted_document (
      id serial primary key,
      api_key_id int not null references api_key (id) on update cascade,
      hash varchar(64) not null check (hash ~ '^[0-9a-f]{64}$'),
      document text not null,
      operations text[] not null default '{}',
      purpose varchar(64) null,
      note varchar(500) not null,
      registered_by_id int null references staff (id) on update cascade on delete set null,
      registered_at timestamptz not null default now(),
      approved_by_id int null references staff (id) on update cascade on delete set null,
      approved_at timestamptz null,
      revoked_by_id int null references staff (id) on update cascade on delete set null,
      revoked_at timestamptz null);`);
    this.addSql(`create unique index trusted_document_live on trusted_document (api_key_id, hash) where revoked_at is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists trusted_document;`);
    this.addSql(`drop table if exists staff_recovery_code;`);
    this.addSql(`drop table if exists staff_mfa;`);
    this.addSql(`alter table session drop column if exists stage;`);
    this.addSql(`drop table if exists login_throttle;`);
  }
}
