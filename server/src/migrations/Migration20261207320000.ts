import { Migration } from '@mikro-orm/migrations';
import { jstDate } from '../common/jst-sql';

/**
 * Consent evidence (#21) under the live-data schedule (#19): the application role may only append to
 * `consent_evidence`, so the sweep erases what fell due through this function, run as the owner. It erases only
 * rows whose period is over by a day not in the future, and never sooner than 12 months after the deletion
 * (the shortest trail retention): the evidence serves audits of the reads the trail still holds.
 */
export class Migration20261207320000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function consent_evidence_purge(due_by date, months int) returns int language plpgsql security definer
      set search_path = public, pg_temp as $$
      declare n int;
      begin
        if due_by > ${jstDate('now()')} then raise exception 'consent_evidence_purge: due_by % is in the future', due_by; end if;
        delete from consent_evidence where (${jstDate('deleted_at')} + make_interval(months => greatest(months, 12)))::date <= due_by;
        get diagnostics n = row_count;
        return n;
      end $$;`);
    this.addSql(`revoke all on function consent_evidence_purge(date, int) from public;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists consent_evidence_purge(date, int);`);
  }
}
