import { Migration } from '@mikro-orm/migrations';

/** Fees for requests (APPI art. 38): the fee asked of each request and where it stands; contractors' countries (art. 28). */
export class Migration20261204120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table privacy_request add column fee_yen int not null default 0 check (fee_yen >= 0),
      add column fee_status text not null default 'NONE' check (fee_status in ('NONE', 'CHARGED', 'PAID', 'WAIVED'));`);
    this.addSql(`alter table contractor add column country char(2) not null default 'JP' check (country ~ '^[A-Z]{2}$');`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table contractor drop column country;`);
    this.addSql(`alter table privacy_request drop column fee_yen, drop column fee_status;`);
  }
}
