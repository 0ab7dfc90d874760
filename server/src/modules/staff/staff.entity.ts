import { Entity, Formula, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { LOGIN_FAILURES_LAPSE_HOURS, ROLE_KEYS, type RoleKey } from '../../../../schema/policy';
import { Contractor } from '../contractor/contractor.entity';
import { pendingRoleSql } from './pending-role';

/** A back-office account. The password hash (argon2id) has no @Field and is hidden and lazy. */
@ObjectType()
@Entity({ tableName: 'staff' })
export class Staff {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  @Field(() => String) @Property({ type: 'string', length: 100 }) name!: string;
  @Field(() => String) @Index() @Property({ type: 'string', length: 254, unique: true }) email!: string;
  /** null: no role yet (a two-person grant awaits approval, modules/grants); such an account is no actor and reads nothing. */
  @Field(() => String, { nullable: true, description: 'null while a grant awaits a privacy manager\'s approval: the account can do nothing' })
  @Property({ type: 'string', length: 32, nullable: true, check: `role in (${ROLE_KEYS.map((r) => `'${r}'`).join(',')})` }) role!: RoleKey | null;
  @ManyToOne(() => Contractor, { nullable: true }) contractor?: Contractor | null;
  @Property({ type: 'string', length: 200, hidden: true, lazy: true }) passwordHash!: string;
  @Field(() => Boolean) @Property({ type: 'boolean', default: true }) active: boolean = true;
  /** Bumped on a change of role, contractor, e-mail, password or active flag, and on a password reset: earlier sessions end. */
  @Property({ type: 'integer', default: 1 }) tokenVersion: number = 1;
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()' }) createdAt: Date = new Date();
  /** Read with the row; the GraphQL field is auth/mfa.resolver.ts's (it asks when the row was made here). */
  @Formula((alias) => `exists (select 1 from staff_mfa m where m.staff_id = ${alias}.id and m.confirmed_at is not null)`, { type: 'boolean' })
  mfaEnrolled?: boolean;
  /** Failed logins of this account counted towards its hard lock (auth/lockout.ts; they lapse a day after the last). */
  @Formula((alias) => `coalesce((select t.failures from login_throttle t where t.scope = 'account' and t.key = ${alias}.email
    and t.last_failure_at > now() - interval '${LOGIN_FAILURES_LAPSE_HOURS} hours'), 0)`, { type: 'integer' })
  accountLoginFailures?: number;
  /**
   * Lazy: read with the row by the compiled path only; the GraphQL field's resolver asks the same expression on
   * its own, so an answer to a mutation that just asked for a grant is never a value loaded before it.
   */
  @Formula((alias) => pendingRoleSql(`${alias}.id`), { type: 'string', nullable: true, lazy: true })
  pendingRole?: string | null;
}
