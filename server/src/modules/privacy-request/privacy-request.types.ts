import { Field, Int, ObjectType } from 'type-graphql';
import { DisclosureWithholding } from './withholding';

/** A produced disclosure file, waiting for one download at `url` (GET, with the privacy manager's Authorization). */
@ObjectType()
export class DownloadTicket {
  @Field(() => String, { description: 'One-time token; only its hash is stored' }) token!: string;
  @Field(() => String, { description: 'GET this path once; a second GET answers 410 Gone' }) url!: string;
  @Field(() => String) fileName!: string;
  @Field(() => Int) bytes!: number;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => [String], { description: 'Data categories the file discloses' }) categories!: string[];
  @Field(() => [DisclosureWithholding], { description: 'Provision records left out (art. 33(2)); the file tells the person a part was withheld and why' })
  withheld!: DisclosureWithholding[];
}

/** One legal duty that keeps a kind of record after a deletion: which law, counted from what, until when. */
@ObjectType()
export class LegalHold {
  @Field(() => String, { description: 'The rule (legal-retention.ts), e.g. CORPORATE_TAX_BOOKS' }) rule!: string;
  @Field(() => String, { description: 'The law and article' }) law!: string;
  @Field(() => String, { description: 'BOOKS_CLOSED, FILING_DEADLINE or RECORD_CREATED' }) startEvent!: string;
  @Field(() => String, { description: 'YYYY-MM-DD of that event for the latest record' }) startDate!: string;
  @Field(() => Int) years!: number;
  @Field(() => String, { description: 'YYYY-MM-DD: the last day this duty keeps the records' }) keptUntil!: string;
}

/** One kind of record a deletion erased or kept, and why. */
@ObjectType()
export class ErasureItem {
  @Field(() => String, { description: 'customerProfile, orders, orderItems, interactions, transcripts, recordings, consents, provisionRecords' }) records!: string;
  @Field(() => Int) count!: number;
  @Field(() => String, { nullable: true, description: 'Why it is kept: the law that keeps it longest, and until when' }) reason!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD from which the retention sweep deletes it' }) dueAt!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: the last day it is kept' }) keptUntil!: string | null;
  @Field(() => [LegalHold], { description: 'Every legal duty that keeps it (longest first); empty when erased' }) holds!: LegalHold[];
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
