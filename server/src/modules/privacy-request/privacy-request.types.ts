import { Field, Int, ObjectType } from 'type-graphql';

/** A produced disclosure file, waiting for one download at `url` (GET, with the privacy manager's Authorization). */
@ObjectType()
export class DownloadTicket {
  @Field(() => String, { description: 'One-time token; only its hash is stored' }) token!: string;
  @Field(() => String, { description: 'GET this path once; a second GET answers 410 Gone' }) url!: string;
  @Field(() => String) fileName!: string;
  @Field(() => Int) bytes!: number;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => [String], { description: 'Data categories the file discloses' }) categories!: string[];
}

/** One kind of record a deletion erased or kept, and why. */
@ObjectType()
export class ErasureItem {
  @Field(() => String, { description: 'customerProfile, orders, orderItems, interactions, transcripts, recordings, consents, provisionRecords' }) records!: string;
  @Field(() => Int) count!: number;
  @Field(() => String, { nullable: true, description: 'Why it is kept (the legal duty), when it is' }) reason!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD from which the retention sweep deletes it' }) dueAt!: string | null;
}

/** The answer to a deletion request: what was erased, what was pseudonymised and why, and when the rest falls due. */
@ObjectType()
export class DeletionReport {
  @Field(() => String) requestId!: string;
  @Field(() => String, { description: 'Random id replacing the customer number and names on what is kept' }) pseudonymId!: string;
  @Field(() => [ErasureItem]) erased!: ErasureItem[];
  @Field(() => [ErasureItem]) pseudonymised!: ErasureItem[];
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD when the last kept record falls due (null: nothing kept)' }) remainderDueAt!: string | null;
}
