import { Migration } from '@mikro-orm/migrations';

/**
 * A request may stand without a customer row (#19 item 9): a gift recipient or anyone else whose data the store
 * may hold can ask (APPI arts. 33–35); the requester's contact is kept with the request, until the live-data
 * schedule's REQUESTER_CONTACTS period after the request closed (modules/live-retention).
 */
export class Migration20261206610000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table privacy_request alter column customer_id drop not null, add column requester_contact text null;`);
    this.addSql(`alter table privacy_request add constraint privacy_request_subject_check
      check (customer_id is not null or requester_contact is not null or status in ('COMPLETED', 'REFUSED'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table privacy_request drop constraint privacy_request_subject_check;`);
    this.addSql(`delete from privacy_request where customer_id is null;`);
    this.addSql(`alter table privacy_request drop column requester_contact, alter column customer_id set not null;`);
  }
}
