import { Migration } from '@mikro-orm/migrations';

/**
 * One-time password setup links (auth/password-setup.ts): only the token's sha256 is stored; a link is
 * used once, expires, and is voided by a newer link for the same account.
 */
export class Migration20261201100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table password_setup (
      id serial primary key,
      staff_id int not null references staff (id),
      token_hash varchar(64) not null unique,
      reason varchar(16) not null check (reason in ('BOOTSTRAP', 'RESET')),
      issued_by_id int null references staff (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz null,
      voided_at timestamptz null
    );`);
    this.addSql(`create index password_setup_staff_id_index on password_setup (staff_id);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table password_setup;`);
  }
}
