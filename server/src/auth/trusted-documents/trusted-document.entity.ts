import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

/**
 * A document (a GraphQL operation's text) that one API key may run, for one declared purpose: registered by
 * the ADMIN, in force once the privacy manager approves it, until revoked. Its id is the sha256 of the text,
 * as Apollo's persisted queries name documents, so a tool may send the hash alone.
 */
@ObjectType({ description: 'A GraphQL document an API key may run (safelist), with the purpose it serves' })
@Entity({ tableName: 'trusted_document' })
export class TrustedDocument {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  @Field(() => ID) @Property({ type: 'integer' }) apiKeyId!: number;
  @Field(() => String, { description: 'sha256 of the text, hex (what a persisted query names)' }) @Property({ type: 'string', length: 64 }) hash!: string;
  @Field(() => String) @Property({ type: 'text' }) document!: string;
  @Field(() => [String], { description: 'The operations the document defines' }) @Property({ type: 'text[]' }) operations: string[] = [];
  @Field(() => String, { nullable: true, description: 'The purpose a request running it declares (X-Purpose); null: none' })
  @Property({ type: 'string', length: 64, nullable: true }) purpose!: string | null;
  @Field(() => String, { description: 'What the tool does with it' }) @Property({ type: 'string', length: 500 }) note!: string;
  @Field(() => ID, { nullable: true }) @Property({ type: 'integer', nullable: true }) registeredById!: number | null;
  @Field(() => Date) @Property({ type: 'datetime', defaultRaw: 'now()' }) registeredAt: Date = new Date();
  @Field(() => ID, { nullable: true }) @Property({ type: 'integer', nullable: true }) approvedById: number | null = null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) approvedAt: Date | null = null;
  @Field(() => ID, { nullable: true }) @Property({ type: 'integer', nullable: true }) revokedById: number | null = null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) revokedAt: Date | null = null;

  @Field(() => String, { description: 'PENDING (awaits the privacy manager), APPROVED (in force) or REVOKED' })
  get status(): 'PENDING' | 'APPROVED' | 'REVOKED' {
    return this.revokedAt ? 'REVOKED' : this.approvedAt ? 'APPROVED' : 'PENDING';
  }
}
