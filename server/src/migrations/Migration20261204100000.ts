import { Migration } from '@mikro-orm/migrations';

/**
 * Disclosure files are written to disk as they are produced (streamed, with a size limit) instead of being
 * built in memory and stored in the row: the row keeps the file's path until its one download. Files
 * waiting in the old column are dropped (a file waits 24 hours at most; the request can be fulfilled again).
 * Withheld parts of a disclosure (APPI art. 33(2)) are recorded, each with its ground and reason.
 */
export class Migration20261204100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table disclosure_download add column file_path text null;`);
    this.addSql(`alter table disclosure_download drop column content;`);
    this.addSql(`create table disclosure_withholding (
      id serial primary key,
      privacy_request_id int not null references privacy_request (id) on update cascade,
      provision_record_id int null references provision_record (id) on update cascade on delete set null,
      ground text not null check (ground in ('PUBLIC_ORDER', 'HARM_TO_PERSON_OR_OTHERS', 'HINDERS_BUSINESS', 'VIOLATES_OTHER_LAW')),
      reason text not null check (length(trim(reason)) >= 2),
      by_default boolean not null,
      decided_by int null references staff (id) on update cascade,
      created_at timestamptz not null default now()
    );`);
    this.addSql(`create index disclosure_withholding_request on disclosure_withholding (privacy_request_id);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists disclosure_withholding;`);
    this.addSql(`alter table disclosure_download add column content bytea null;`);
    this.addSql(`alter table disclosure_download drop column file_path;`);
  }
}
