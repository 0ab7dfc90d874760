import { Migration } from '@mikro-orm/migrations';

/**
 * Two-person publication of policy versions (#23 item 4). A draft carries who last edited it and, while a
 * publication is asked for, who asked, when, why and against which version in force; the approver is never
 * the one who asked nor the one who last edited (the service checks both, the check constraint keeps the
 * approver apart from the requester in the data too). The immutability trigger now compares whole rows, so a
 * column added later is frozen with the rest: a published version changes only to retire.
 */
export class Migration20261207210000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table policy_version
      add column edited_by int null references staff (id),
      add column requested_by int null references staff (id),
      add column requested_at timestamptz null,
      add column request_reason text null,
      add column requested_against int null,
      add constraint policy_version_request_whole check ((requested_by is null) = (requested_at is null)),
      add constraint policy_version_two_persons check (approved_by is null or requested_by is null or approved_by <> requested_by);`);
    this.addSql(`update policy_version set edited_by = created_by where edited_by is null and state = 'DRAFT';`);
    this.addSql(`create or replace function policy_version_immutable() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if old.state <> 'DRAFT' then raise exception 'policy version % is %: it is never deleted', old.number, old.state; end if;
          return old;
        end if;
        if old.state = 'RETIRED' then raise exception 'policy version % is retired: it never changes', old.number; end if;
        if old.state = 'PUBLISHED' and not (new.state = 'RETIRED' and new.retired_at is not null
            and (to_jsonb(new) - 'state' - 'retired_at') = (to_jsonb(old) - 'state' - 'retired_at')) then
          raise exception 'policy version % is published: it only retires', old.number;
        end if;
        return new;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table policy_version drop constraint policy_version_two_persons, drop constraint policy_version_request_whole,
      drop column requested_against, drop column request_reason, drop column requested_at, drop column requested_by, drop column edited_by;`);
  }
}
