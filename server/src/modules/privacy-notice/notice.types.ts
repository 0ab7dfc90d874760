import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One section of the public notice: a heading and its items (plain text)' })
export class PrivacyNoticeSection {
  // `key`, not `id`: the same section of every notice has the same key, and clients normalise objects by id.
  @Field(() => String, { description: 'operator, purposes, data, recipients, requests, fees, complaints, security, abroad' }) key!: string;
  @Field(() => String) heading!: string;
  @Field(() => [String]) items!: string[];
}

@ObjectType({ description: 'The public notice (APPI arts. 21 and 32) as published: generated from a published policy version and the settings in force; never changes once written' })
export class PrivacyNotice {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The policy version it states' }) policyVersion!: number;
  @Field(() => String, { description: 'That version\'s label' }) policyLabel!: string;
  @Field(() => Date, { description: 'When that version was published' }) publishedAt!: Date;
  @Field(() => Date, { description: 'When this notice was written (a publication, or a change of a fee or of a contractor abroad)' }) generatedAt!: Date;
  @Field(() => String, { description: 'PUBLICATION, RESTORE (a version restored), SETTINGS (a fee or a contractor abroad changed), START (first written at a start)' }) cause!: string;
  @Field(() => String, { description: 'sha256 of the stored content\'s canonical JSON (both languages), hex' }) hash!: string;
  @Field(() => String, { nullable: true, description: 'The hash of the notice written before it' }) previousHash!: string | null;
  @Field(() => Boolean, { description: 'Whether this is the notice published now' }) inForce!: boolean;
  @Field(() => String, { description: 'ja or en' }) lang!: string;
  @Field(() => String) title!: string;
  @Field(() => [PrivacyNoticeSection]) sections!: PrivacyNoticeSection[];
}
