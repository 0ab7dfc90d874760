import { Migration } from '@mikro-orm/migrations';

/**
 * Privacy requests (【11】【12】), their one-time disclosure downloads and erasures, third-party provision
 * records (【9】, APPI arts. 29–30) and the leak incident register (APPI art. 26).
 */
export class Migration20261125190000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table privacy_request (
      id serial primary key,
      customer_id int not null references customer (id) on update cascade,
      kind text not null check (kind in ('DISCLOSURE', 'CORRECTION', 'STOP_USE', 'STOP_PROVISION', 'DELETION', 'PROVISION_RECORD_DISCLOSURE')),
      requester_kind text not null check (requester_kind in ('PERSON', 'AGENT', 'GUARDIAN')),
      requester_name varchar(100) null,
      authority_document text null check (authority_document in ('POWER_OF_ATTORNEY', 'FAMILY_REGISTER', 'GUARDIANSHIP_CERTIFICATE', 'OTHER_DOCUMENT')),
      identity_check text null check (identity_check in ('ID_DOCUMENT_COPY', 'ID_DOCUMENT_IN_PERSON', 'REGISTERED_PHONE_CALLBACK', 'REGISTERED_ADDRESS_MAIL', 'REGISTERED_EMAIL_CONFIRMATION')),
      identity_verified_at timestamptz null,
      received_at timestamptz not null,
      due_at date not null,
      status text not null default 'RECEIVED' check (status in ('RECEIVED', 'VERIFYING', 'IN_PROGRESS', 'COMPLETED', 'REFUSED')),
      refusal_reason text null,
      lift_stop boolean not null default false,
      handled_by_id int null references staff (id) on update cascade on delete set null,
      completed_at timestamptz null,
      outcome jsonb null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (status <> 'REFUSED' or refusal_reason is not null),
      check (requester_kind = 'PERSON' or (requester_name is not null and authority_document is not null))
    );`);
    this.addSql(`create index privacy_request_customer_id_index on privacy_request (customer_id);`);
    this.addSql(`create index privacy_request_open_due_index on privacy_request (due_at) where status not in ('COMPLETED', 'REFUSED');`);

    // The disclosure file waits here, once, for the privacy manager who produced it; only a hash of the token is kept.
    this.addSql(`create table disclosure_download (
      id serial primary key,
      token_hash char(64) not null unique,
      privacy_request_id int not null references privacy_request (id) on update cascade,
      customer_id int not null references customer (id) on update cascade,
      staff_id int not null references staff (id) on update cascade,
      file_name text not null,
      categories text[] not null,
      content bytea null,
      bytes int not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      downloaded_at timestamptz null
    );`);

    // What a deletion kept under a legal duty, and until when; the retention sweep works from it.
    this.addSql(`create table customer_erasure (
      customer_id int primary key references customer (id) on update cascade,
      pseudonym_id varchar(16) not null unique,
      privacy_request_id int null references privacy_request (id) on update cascade on delete set null,
      erased_at timestamptz not null default now(),
      retain_until date null,
      purged_at timestamptz null
    );`);

    this.addSql(`create table provision_record (
      id serial primary key,
      customer_id int not null references customer (id) on update cascade,
      recipient_name varchar(200) not null,
      recipient_contractor_id int null references contractor (id) on update cascade on delete set null,
      data_categories text[] not null,
      legal_basis text not null check (legal_basis in ('CONSENT', 'HOUSEHOLD_SALES_CONTRACT', 'LAW', 'VITAL_INTERESTS', 'PUBLIC_AUTHORITY', 'ENTRUSTMENT')),
      exemption_note text null,
      consent_id int null references consent (id) on update cascade on delete set null,
      provided_at timestamptz not null,
      keep_until date not null,
      recorded_by_id int null references staff (id) on update cascade on delete set null,
      created_at timestamptz not null default now(),
      check (cardinality(data_categories) > 0)
    );`);
    this.addSql(`create index provision_record_customer_id_index on provision_record (customer_id, provided_at);`);

    this.addSql(`create table leak_incident (
      id serial primary key,
      title varchar(200) not null,
      summary text null,
      discovered_at timestamptz not null,
      occurred_at timestamptz null,
      data_categories text[] not null,
      people_affected int not null check (people_affected >= 0),
      involves_card_data boolean not null default false,
      involves_sensitive_data boolean not null default false,
      malicious_intent boolean not null default false,
      financial_harm_possible boolean not null default false,
      reportable boolean not null,
      preliminary_report_due date null,
      final_report_due date null,
      preliminary_reported_at timestamptz null,
      final_reported_at timestamptz null,
      people_notified_at timestamptz null,
      people_notified_count int null check (people_notified_count >= 0),
      recorded_by_id int null references staff (id) on update cascade on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists leak_incident;`);
    this.addSql(`drop table if exists provision_record;`);
    this.addSql(`drop table if exists customer_erasure;`);
    this.addSql(`drop table if exists disclosure_download;`);
    this.addSql(`drop table if exists privacy_request;`);
  }
}
