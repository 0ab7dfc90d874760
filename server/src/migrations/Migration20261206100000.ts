import { Migration } from '@mikro-orm/migrations';

/**
 * Powers are policy (#17): an account awaiting a second person's approval has no role (staff.role null);
 * two-person grants of a role or an API key wait in grant_request; API keys expire, belong to their
 * creator's contractor and may wait for approval; one-time links go to the owner's own address through
 * the mail outbox (never to whoever asked for them).
 */
export class Migration20261206100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table staff alter column role drop not null;`);

    this.addSql(`alter table password_setup drop constraint if exists password_setup_reason_check;`);
    this.addSql(`alter table password_setup add constraint password_setup_reason_check check (reason in ('BOOTSTRAP', 'RESET', 'INVITE'));`);

    this.addSql(`alter table api_key add column expires_at timestamptz null;`);
    this.addSql(`update api_key set expires_at = created_at + interval '90 days';`);
    this.addSql(`alter table api_key alter column expires_at set not null;`);
    this.addSql(`alter table api_key add column contractor_id int null references contractor (id) on update cascade;`);
    this.addSql(`alter table api_key add column status varchar(16) not null default 'ACTIVE' check (status in ('PENDING', 'ACTIVE', 'REJECTED'));`);
    this.addSql(`create index api_key_created_by on api_key (created_by_id);`);

    this.addSql(`create table grant_request (
      id serial primary key,
      kind varchar(16) not null check (kind in ('STAFF_ROLE', 'API_KEY')),
      staff_id int null references staff (id) on update cascade,
      api_key_id int null references api_key (id) on update cascade,
      role varchar(32) not null,
      purposes text[] not null default '{}',
      contractor_id int null references contractor (id) on update cascade,
      activates boolean not null default false,
      status varchar(16) not null default 'PENDING' check (status in ('PENDING', 'APPROVED', 'REJECTED')),
      requested_by_id int not null references staff (id) on update cascade,
      requested_at timestamptz not null default now(),
      decided_by_id int null references staff (id) on update cascade,
      decided_at timestamptz null,
      rejection_reason varchar(1000) null,
      check (kind <> 'STAFF_ROLE' or (staff_id is not null and api_key_id is null)),
      check (kind <> 'API_KEY' or api_key_id is not null),
      check ((status = 'PENDING') = (decided_by_id is null and decided_at is null)),
      check (status <> 'REJECTED' or rejection_reason is not null),
      check (decided_by_id is null or (decided_by_id <> requested_by_id and decided_by_id is distinct from staff_id)));`);
    this.addSql(`create unique index grant_request_pending_staff on grant_request (staff_id) where status = 'PENDING';`);
    this.addSql(`create unique index grant_request_api_key on grant_request (api_key_id) where api_key_id is not null;`);
    this.addSql(`create index grant_request_status on grant_request (status, requested_at);`);
    this.addSql(`create index grant_request_decided_at on grant_request (decided_at);`);

    this.addSql(`create table mail_outbox (
      id serial primary key,
      kind varchar(32) not null,
      staff_id int null references staff (id) on update cascade,
      to_address varchar(254) not null,
      subject varchar(200) not null,
      body text not null,
      created_at timestamptz not null default now(),
      sent_at timestamptz null);`);
    this.addSql(`create index mail_outbox_unsent on mail_outbox (created_at) where sent_at is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists mail_outbox;`);
    this.addSql(`drop table if exists grant_request;`);
    this.addSql(`drop index if exists api_key_created_by;`);
    this.addSql(`alter table api_key drop column if exists status, drop column if exists contractor_id, drop column if exists expires_at;`);
    this.addSql(`alter table password_setup drop constraint if exists password_setup_reason_check;`);
    this.addSql(`alter table password_setup add constraint password_setup_reason_check check (reason in ('BOOTSTRAP', 'RESET'));`);
    this.addSql(`alter table staff alter column role set not null;`);
  }
}
