import { Migration } from '@mikro-orm/migrations';

/**
 * Leak reports with what PPC rules art. 8 asks of the preliminary and final report (cause, secondary harm,
 * response to the people, publication, prevention, other notes), and the people affected, linked to the
 * incident (found from the trail or named by hand) with the notice to each tracked.
 */
export class Migration20261204130000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table leak_incident add column cause text null, add column secondary_harm text null,
      add column response_to_people text null, add column publication text null, add column prevention text null,
      add column other_notes text null, add column public_notice_instead boolean not null default false;`);
    this.addSql(`create table leak_affected_person (
      incident_id int not null references leak_incident (id) on update cascade,
      customer_id int not null references customer (id) on update cascade,
      found_by text not null check (found_by in ('TRAIL', 'MANUAL')),
      notified_at timestamptz null,
      notice_method text null check (notice_method in ('EMAIL', 'LETTER', 'PHONE', 'IN_PERSON')),
      linked_at timestamptz not null default now(),
      primary key (incident_id, customer_id)
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists leak_affected_person;`);
    this.addSql(`alter table leak_incident drop column cause, drop column secondary_harm, drop column response_to_people,
      drop column publication, drop column prevention, drop column other_notes, drop column public_notice_instead;`);
  }
}
