import { Migration } from '@mikro-orm/migrations';

/**
 * Recipients in a foreign country (APPI art. 28, schema/policy/foreign-countries.ts). A consent to provision
 * abroad (purpose FOREIGN_PROVISION) names the country and keeps what the person was told before consenting
 * (施行規則第17条: the country, its system, the recipient's measures). A contractor records whether it keeps a
 * system meeting the PPC's standards (施行規則第16条). A provision record names the recipient's country, the
 * ground that let the data go abroad, and the consent when that was the ground.
 */
export class Migration20261206600000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter type consent_purpose add value if not exists 'FOREIGN_PROVISION';`);
    this.addSql(`alter table consent add column country varchar(2) null, add column country_information text null;`);
    this.addSql(`alter table contractor add column foreign_system_measures boolean not null default false;`);
    this.addSql(`alter table provision_record add column recipient_country varchar(2) not null default 'JP',
      add column foreign_basis text null check (foreign_basis in ('EQUIVALENT_COUNTRY', 'SYSTEM_MEASURES', 'CONSENT', 'EXEMPTION')),
      add column foreign_consent_id int null references consent (id) on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table provision_record drop column foreign_consent_id, drop column foreign_basis, drop column recipient_country;`);
    this.addSql(`alter table contractor drop column foreign_system_measures;`);
    this.addSql(`alter table consent drop column country_information, drop column country;`);
  }
}
