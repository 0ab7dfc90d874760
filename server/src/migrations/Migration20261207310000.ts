import { Migration } from '@mikro-orm/migrations';

/**
 * APPI art. 28(3) (#19): a person may ask what a recipient abroad, keeping a system to the PPC's standards, does
 * to protect their data and how the store makes sure it continues. A request kind of its own, and the text the
 * privacy manager keeps on each such contractor (施行規則第18条第3項's items), told to whoever asks.
 */
export class Migration20261207310000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table privacy_request drop constraint privacy_request_kind_check, add constraint privacy_request_kind_check
      check (kind in ('DISCLOSURE', 'CORRECTION', 'STOP_USE', 'STOP_PROVISION', 'DELETION', 'PROVISION_RECORD_DISCLOSURE', 'FOREIGN_MEASURES_INFO'));`);
    this.addSql(`alter table contractor add column foreign_measures_info text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table contractor drop column foreign_measures_info;`);
    this.addSql(`delete from privacy_request where kind = 'FOREIGN_MEASURES_INFO';`);
    this.addSql(`alter table privacy_request drop constraint privacy_request_kind_check, add constraint privacy_request_kind_check
      check (kind in ('DISCLOSURE', 'CORRECTION', 'STOP_USE', 'STOP_PROVISION', 'DELETION', 'PROVISION_RECORD_DISCLOSURE'));`);
  }
}
