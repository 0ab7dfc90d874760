import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum PolicyVersionState { DRAFT = 'DRAFT', PUBLISHED = 'PUBLISHED', RETIRED = 'RETIRED' }
registerEnumType(PolicyVersionState, {
  name: 'PolicyVersionState',
  description: 'DRAFT: editable, decides nothing · PUBLISHED: the version in force (one at most) · RETIRED: was in force, never changes',
});

@ObjectType({ description: 'One version of the policy (#23): a draft, the version in force, or a retired one. Published versions never change.' })
export class PolicyVersion {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true, description: 'The version number the trail records; null while a draft (given on publication)' }) number!: number | null;
  @Field(() => PolicyVersionState) state!: PolicyVersionState;
  @Field(() => Boolean, { description: 'Whether new requests are decided under this version now' }) inForce!: boolean;
  @Field(() => String, { description: 'The document\'s label (schema/policy POLICY_VERSION for the seed)' }) label!: string;
  @Field(() => GraphQLJSONObject, { description: 'The PolicyDocument (schema/policy/policy-document.ts), plain JSON' }) document!: Record<string, unknown>;
  @Field(() => String, { description: 'sha256 of the document\'s canonical JSON, hex' }) hash!: string;
  @Field(() => Int, { nullable: true, description: 'The number of the version this draft was copied from' }) basedOnNumber!: number | null;
  @Field(() => ID, { nullable: true }) createdById!: string | null;
  @Field(() => String, { nullable: true }) createdByName!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  @Field(() => Date, { nullable: true }) publishedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: 'The second person who approved the publication' }) approvedById!: string | null;
  @Field(() => String, { nullable: true }) approvedByName!: string | null;
  @Field(() => String, { nullable: true, description: 'Why the second person approved the publication' }) reason!: string | null;
  @Field(() => Date, { nullable: true }) retiredAt!: Date | null;
  @Field(() => ID, { nullable: true, description: 'Who last changed the document (the creator until edited): never its approver' }) editedById!: string | null;
  @Field(() => String, { nullable: true }) editedByName!: string | null;
  @Field(() => Boolean, { description: 'A draft whose publication awaits a second person\'s approval (frozen meanwhile)' }) publicationRequested!: boolean;
  @Field(() => ID, { nullable: true, description: 'Who asked for the publication (kept once published): never its approver' }) requestedById!: string | null;
  @Field(() => String, { nullable: true }) requestedByName!: string | null;
  @Field(() => Date, { nullable: true }) requestedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the publication was asked for' }) requestReason!: string | null;
  @Field(() => Int, { nullable: true, description: 'The version in force when the publication was asked for; approval is refused once another is in force' }) requestedAgainstNumber!: number | null;
}

@ObjectType({ description: 'One difference between a draft and the version it is compared with, named by its path (the cell)' })
export class PolicyChange {
  @Field(() => String, { description: 'matrix.<PURPOSE>.<category>, roles.<ROLE>.purposes, roles.<ROLE>.only, statistics.minGroupSize…' }) path!: string;
  @Field(() => String, { description: 'CELL, ROLE_PURPOSES, ROLE_ONLY, ROLE, PURPOSE, CATEGORY, CEILING, STATISTICS_SETTING, STOPPED_USE, LABEL' }) kind!: string;
  @Field(() => String, { description: 'The change in words (Japanese)' }) text!: string;
  @Field(() => GraphQLJSON, { nullable: true }) before!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) after!: unknown;
  @Field(() => [String], { description: 'For a list: the members added' }) added!: string[];
  @Field(() => [String], { description: 'For a list: the members removed' }) removed!: string[];
}

@ObjectType({ description: 'A role × purpose × category answer that differs: what a read would be served as' })
export class PolicyCellChange {
  @Field(() => String) role!: string;
  @Field(() => String) purpose!: string;
  @Field(() => String) category!: string;
  @Field(() => String, { description: 'CLEAR, MASKED or HIDDEN' }) before!: string;
  @Field(() => String, { description: 'CLEAR, MASKED or HIDDEN' }) after!: string;
}

@ObjectType({ description: 'A draft against the version in force' })
export class PolicyDiff {
  @Field(() => ID) draftId!: string;
  @Field(() => Int, { description: 'The number of the version compared with (the one in force)' }) againstNumber!: number;
  @Field(() => [PolicyChange], { description: 'Every changed cell, list and setting of the document' }) changes!: PolicyChange[];
  @Field(() => [PolicyCellChange], { description: 'Every role × purpose × category whose answer changes (the overrides applied)' }) cells!: PolicyCellChange[];
}

@ObjectType({ description: 'The policy version the request was decided under, as the admin UI needs it to offer only what the server allows (its menus and buttons)' })
export class PolicyInForce {
  @Field(() => Int, { description: 'The version number the trail records' }) number!: number;
  @Field(() => String, { description: 'sha256 of the whole version\'s document (canonical JSON), hex: the version\'s identity' }) hash!: string;
  @Field(() => String, { description: 'The document\'s label' }) label!: string;
  @Field(() => Boolean, { description: 'true: the whole document; false: only what decides the caller\'s own role (a contractor\'s)' }) whole!: boolean;
  @Field(() => GraphQLJSONObject, { description: 'The PolicyDocument (schema/policy/policy-document.ts), or its part for the caller\'s role (policyDocumentFor)' }) document!: Record<string, unknown>;
}
