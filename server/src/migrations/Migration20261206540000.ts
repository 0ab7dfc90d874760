import { Migration } from '@mikro-orm/migrations';
import { jstDate } from '../common/jst-sql';

/**
 * Consent history survives its deletion (#21): an erasure or the live-data sweep deletes consents, but an
 * audit judges a past read by the consent as it stood then. Before a consent row goes, a trigger copies
 * what the audit needs into `consent_evidence`, pseudonymised: the internal customer id (the customer row
 * itself is pseudonymised or purged), the purpose and the grant / withdrawal / guardian times; the birth
 * date only of someone who was under 30 (above any guardian age MAMORI_GUARDIAN_AGE allows) when the consent
 * was granted, for the minor check. No name, contact or number. The application role may only append.
 * `consent_history` is what audits read: live consents and this evidence together.
 */
export class Migration20261206540000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "consent_evidence" (
      "id" serial primary key,
      "consent_id" int not null,
      "customer_id" int not null,
      "purpose" "consent_purpose" not null,
      "granted_at" timestamptz not null,
      "withdrawn_at" timestamptz null,
      "guardian_consent" boolean not null,
      "guardian_consent_at" timestamptz null,
      "birth_date" date null,
      "deleted_at" timestamptz not null default now()
    );`);
    this.addSql(`create index "consent_evidence_customer_index" on "consent_evidence" ("customer_id", "purpose");`);
    this.addSql(`create function consent_keep_evidence() returns trigger language plpgsql as $$
      begin
        insert into consent_evidence (consent_id, customer_id, purpose, granted_at, withdrawn_at, guardian_consent, guardian_consent_at, birth_date)
        select old.id, old.customer_id, old.purpose, old.granted_at, old.withdrawn_at, old.guardian_consent, old.guardian_consent_at,
          (select c.birth_date from customer c where c.id = old.customer_id
             and c.birth_date + interval '30 years' > ${jstDate('old.granted_at')});
        return old;
      end $$;`);
    this.addSql(`create trigger "consent_keep_evidence" before delete on "consent" for each row execute function consent_keep_evidence();`);
    this.addSql(`create view "consent_history" as
      select customer_id, purpose, granted_at, withdrawn_at, guardian_consent, guardian_consent_at, null::date as birth_date from consent
      union all
      select customer_id, purpose, granted_at, withdrawn_at, guardian_consent, guardian_consent_at, birth_date from consent_evidence;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop view if exists "consent_history";`);
    this.addSql(`drop trigger if exists "consent_keep_evidence" on "consent";`);
    this.addSql(`drop function if exists consent_keep_evidence();`);
    this.addSql(`drop table if exists "consent_evidence";`);
  }
}
