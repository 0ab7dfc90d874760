import { Migration } from '@mikro-orm/migrations';
import { canonicalJson, seedPolicyDocument } from '../../../schema/policy';
import { policyDocumentHash } from '../policy/policy-hash';

/**
 * Policy versions as data (#23). A version is a draft until published; a published or retired version never
 * changes again (the trigger), except that publishing the next one retires it, so the trail's version numbers
 * always name the rules they were decided under. At most one version is in force (the partial unique index).
 * Version 1 is schema/policy's seed, stored when the table is empty. Each change of the version in force is
 * announced on channel `mamori_policy_version`, so every server process switches at once.
 */
export class Migration20261207200000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table policy_version (
      id serial primary key,
      number int null unique,
      document jsonb not null,
      hash text not null,
      state text not null default 'DRAFT' check (state in ('DRAFT', 'PUBLISHED', 'RETIRED')),
      based_on int null references policy_version (id),
      created_by int null references staff (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      published_at timestamptz null,
      approved_by int null references staff (id),
      reason text null,
      retired_at timestamptz null,
      check ((state = 'DRAFT') = (number is null)),
      check (state = 'DRAFT' or published_at is not null)
    );`);
    this.addSql(`create unique index policy_version_in_force on policy_version ((true)) where state = 'PUBLISHED';`);
    this.addSql(`create function policy_version_immutable() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if old.state <> 'DRAFT' then raise exception 'policy version % is %: it is never deleted', old.number, old.state; end if;
          return old;
        end if;
        if old.state = 'RETIRED' then raise exception 'policy version % is retired: it never changes', old.number; end if;
        if old.state = 'PUBLISHED' and not (new.state = 'RETIRED' and new.retired_at is not null
            and (new.id, new.number, new.document, new.hash, new.based_on, new.created_by, new.created_at, new.updated_at, new.published_at, new.approved_by, new.reason)
              is not distinct from (old.id, old.number, old.document, old.hash, old.based_on, old.created_by, old.created_at, old.updated_at, old.published_at, old.approved_by, old.reason)) then
          raise exception 'policy version % is published: it only retires', old.number;
        end if;
        return new;
      end $$;`);
    this.addSql(`create trigger policy_version_immutable before update or delete on policy_version
      for each row execute function policy_version_immutable();`);
    this.addSql(`create function policy_version_announce() returns trigger language plpgsql as $$
      begin
        if new.state = 'PUBLISHED' then perform pg_notify('mamori_policy_version', new.number::text); end if;
        return null;
      end $$;`);
    this.addSql(`create trigger policy_version_announce after insert or update of state on policy_version
      for each row execute function policy_version_announce();`);
    const seed = seedPolicyDocument();
    const quoted = (text: string) => {
      if (text.includes('$seed$')) throw new Error('the seed policy cannot be quoted');
      return `$seed$${text}$seed$`;
    };
    this.addSql(`insert into policy_version (number, document, hash, state, published_at, reason)
      select 1, ${quoted(canonicalJson(seed))}::jsonb, ${quoted(policyDocumentHash(seed))}, 'PUBLISHED', now(), ${quoted(`schema/policy ${seed.label} (seed)`)}
      where not exists (select 1 from policy_version);`);
    // The trail records the version each access was decided under (null: before versions, or no request's decision).
    this.addSql(`alter table trail_record add column policy_version int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table trail_record drop column policy_version;`);
    this.addSql(`drop table policy_version;`);
    this.addSql(`drop function policy_version_announce();`);
    this.addSql(`drop function policy_version_immutable();`);
  }
}
