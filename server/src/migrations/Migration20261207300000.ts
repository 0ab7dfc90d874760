import { Migration } from '@mikro-orm/migrations';

/**
 * A complaint may stand without a customer row (#19 item 9): a gift recipient or anyone else may complain about
 * how the store handles data about them (【14】). Only complaints: every other interaction is an exchange with a
 * customer. The complainant's name and contact are kept with the complaint until the live-data schedule's
 * COMPLAINANT_CONTACTS period after it closed (modules/live-retention).
 */
export class Migration20261207300000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table interaction alter column customer_id drop not null,
      add column complainant_name varchar(100) null, add column complainant_contact text null;`);
    this.addSql(`alter table interaction add constraint interaction_subject_check check (customer_id is not null or kind = 'COMPLAINT');`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table interaction drop constraint interaction_subject_check;`);
    this.addSql(`delete from interaction where customer_id is null;`);
    this.addSql(`alter table interaction drop column complainant_name, drop column complainant_contact, alter column customer_id set not null;`);
  }
}
