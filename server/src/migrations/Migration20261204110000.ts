import { Migration } from '@mikro-orm/migrations';

/**
 * Sensitive personal information (要配慮個人情報) in free text: each customer and interaction row lists its
 * free-text fields that hold it (`sensitive_fields`, GraphQL names) and when it was first found; the privacy
 * manager's own terms extend the built-in list. What is already stored is found by the one-off sweep
 * (`npm run sensitive:sweep`, or the privacy manager's `sweepSensitiveText`), not here: a migration stays fixed.
 * A consent to acquiring sensitive information (APPI art. 20(2)) becomes a consent purpose.
 */
export class Migration20261204110000 extends Migration {
  override async up(): Promise<void> {
    for (const table of ['customer', 'interaction']) {
      this.addSql(`alter table ${table} add column sensitive_fields text[] not null default '{}', add column sensitive_detected_at timestamptz null;`);
    }
    this.addSql(`create table sensitive_term (
      id serial primary key,
      term text not null unique check (length(term) between 1 and 50),
      kind text not null check (kind in ('MEDICAL', 'ALLERGY', 'DISABILITY', 'PREGNANCY', 'CREED', 'CRIMINAL_RECORD', 'SOCIAL_STATUS')),
      active boolean not null default true,
      added_by int null references staff (id) on update cascade,
      created_at timestamptz not null default now()
    );`);
    this.addSql(`alter type consent_purpose add value if not exists 'SENSITIVE_INFORMATION';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists sensitive_term;`);
    for (const table of ['customer', 'interaction']) this.addSql(`alter table ${table} drop column sensitive_fields, drop column sensitive_detected_at;`);
  }
}
