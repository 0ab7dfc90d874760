import { Migration } from '@mikro-orm/migrations';

/**
 * Two-person erasure (#21): a DELETION request is erased only once a second person approves it. The first
 * person's ask puts the request in AWAITING_APPROVAL with who asked and why; the second person's decision
 * (approved: erased and COMPLETED; rejected: back to IN_PROGRESS, the data kept) names who and why. The table
 * holds the rule too: a request awaiting approval was asked for by someone with a reason, and whoever decided
 * is never the one who asked.
 */
export class Migration20261208400000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table privacy_request drop constraint if exists privacy_request_status_check, add constraint privacy_request_status_check
      check (status in ('RECEIVED', 'VERIFYING', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'COMPLETED', 'REFUSED'));`);
    this.addSql(`alter table privacy_request
      add column erasure_requested_by int null references staff (id) on update cascade,
      add column erasure_requested_at timestamptz null,
      add column erasure_request_reason text null,
      add column erasure_decision text null check (erasure_decision in ('APPROVED', 'REJECTED')),
      add column erasure_decided_by int null references staff (id) on update cascade,
      add column erasure_decided_at timestamptz null,
      add column erasure_decision_reason text null;`);
    this.addSql(`alter table privacy_request add constraint privacy_request_erasure_asked_check
      check (status <> 'AWAITING_APPROVAL' or (kind = 'DELETION' and erasure_requested_by is not null and erasure_request_reason is not null))`);
    this.addSql(`alter table privacy_request add constraint privacy_request_erasure_two_person_check
      check (erasure_decision is null or (erasure_requested_by is not null and erasure_decided_by is not null
        and erasure_decided_by <> erasure_requested_by and erasure_decision_reason is not null))`);
    this.addSql(`create index privacy_request_awaiting_erasure on privacy_request (due_at) where status = 'AWAITING_APPROVAL';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists privacy_request_awaiting_erasure;`);
    this.addSql(`update privacy_request set status = 'IN_PROGRESS' where status = 'AWAITING_APPROVAL';`);
    this.addSql(`alter table privacy_request drop constraint privacy_request_erasure_two_person_check, drop constraint privacy_request_erasure_asked_check,
      drop column erasure_requested_by, drop column erasure_requested_at, drop column erasure_request_reason, drop column erasure_decision,
      drop column erasure_decided_by, drop column erasure_decided_at, drop column erasure_decision_reason;`);
    this.addSql(`alter table privacy_request drop constraint privacy_request_status_check, add constraint privacy_request_status_check
      check (status in ('RECEIVED', 'VERIFYING', 'IN_PROGRESS', 'COMPLETED', 'REFUSED'));`);
  }
}
