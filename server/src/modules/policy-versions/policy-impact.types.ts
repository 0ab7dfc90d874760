import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One access entry of the trail a change would affect: open it in the trail explorer by its id (no personal value)' })
export class PolicyImpactExample {
  @Field(() => ID, { description: 'The trail entry id' }) entryId!: string;
  @Field(() => Date) at!: Date;
}

@ObjectType({ description: 'Reads of one field by one role under one purpose that the draft would serve differently' })
export class PolicyImpactGroup {
  @Field(() => String, { description: 'TIGHTENED (served less: clear → masked/hidden, masked → hidden) or WIDENED (the reverse)' }) direction!: string;
  @Field(() => String) role!: string;
  @Field(() => String, { description: 'The role\'s Japanese label' }) roleLabel!: string;
  @Field(() => String) purpose!: string;
  @Field(() => String, { description: 'The purpose\'s Japanese label' }) purposeLabel!: string;
  @Field(() => String, { description: 'Type.field as the trail records it (e.g. Customer.email)' }) field!: string;
  @Field(() => String, { nullable: true }) category!: string | null;
  @Field(() => String, { nullable: true, description: 'The category\'s Japanese label' }) categoryLabel!: string | null;
  @Field(() => String, { description: 'How it was served: CLEAR, MASKED or HIDDEN' }) before!: string;
  @Field(() => String, { description: 'How the draft would serve it: CLEAR, MASKED or HIDDEN' }) after!: string;
  @Field(() => Int, { description: 'Access entries (one per customer served) that read it' }) reads!: number;
  @Field(() => Int, { description: 'Distinct customers among them' }) customers!: number;
  @Field(() => [PolicyImpactExample], { description: 'The latest few entries (at most 3)' }) examples!: PolicyImpactExample[];
}

@ObjectType({ description: 'A row a contractor read, or could read under the draft: open the trail entry or the row by id (no personal value; the customer is opened from there, under the policy)' })
export class PolicyScopeExample {
  @Field(() => ID, { nullable: true, description: 'The trail entry that read it (LEFT)' }) entryId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The row of `resource` (ENTERED)' }) rowId!: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was read (LEFT)' }) at!: Date | null;
}

@ObjectType({ description: 'Rows that would leave or enter a contractor role\'s scope under the draft, for one role × purpose (× resource)' })
export class PolicyScopeImpact {
  @Field(() => String, { description: 'LEFT: rows the role read in the period that the draft\'s scope would not have served; ENTERED: rows it could not read and the draft would let it' }) direction!: string;
  @Field(() => String, { description: 'TRAIL (LEFT: the period\'s access entries, customers judged as recorded today) or CURRENT_DATA (ENTERED: today\'s rows, the trail has no read of them)' }) basis!: string;
  @Field(() => String) role!: string;
  @Field(() => String, { description: 'The role\'s Japanese label' }) roleLabel!: string;
  @Field(() => String) purpose!: string;
  @Field(() => String, { description: 'The purpose\'s Japanese label' }) purposeLabel!: string;
  @Field(() => String, { nullable: true, description: 'The resource whose rows enter (ENTERED); null for LEFT (an entry may span resources)' }) resource!: string | null;
  @Field(() => [String], { description: 'The row-scope switches the draft changes: PURPOSE_REMOVED/ADDED, RESOURCE_CLOSED/OPENED, CONSENT_REQUIRED/NOT_REQUIRED, STOPPED_USE_EXCLUDED/INCLUDED' }) reasons!: string[];
  @Field(() => String, { description: 'The reasons in Japanese' }) reasonsText!: string;
  @Field(() => Int, { description: 'Access entries (one per customer read) that would have left (LEFT; 0 for ENTERED)' }) entries!: number;
  @Field(() => Int, { description: 'Rows of `resource` that would enter (ENTERED; 0 for LEFT)' }) rows!: number;
  @Field(() => Int, { description: 'Distinct customers among them' }) customers!: number;
  @Field(() => [PolicyScopeExample], { description: 'A few (at most 3): the latest entries (LEFT) or the first rows (ENTERED)' }) examples!: PolicyScopeExample[];
}

@ObjectType({ description: 'One direction of a draft\'s impact, summed' })
export class PolicyImpactTotal {
  @Field(() => Int, { description: 'Access entries with at least one field served differently' }) entries!: number;
  @Field(() => Int, { description: 'Distinct customers in them' }) customers!: number;
}

@ObjectType({ description: 'A draft replayed over the last days of the access trail against the version in force (#23): counts, keys and entry ids only' })
export class PolicyImpact {
  @Field(() => ID) draftId!: string;
  @Field(() => Int, { description: 'The number of the version in force compared with' }) againstNumber!: number;
  @Field(() => Int) days!: number;
  @Field(() => Date, { description: 'Entries from this time on were replayed' }) from!: Date;
  @Field(() => Date) to!: Date;
  @Field(() => Int, { description: 'Access entries about customers in the period (each replayed)' }) entriesReplayed!: number;
  @Field(() => PolicyImpactTotal) tightened!: PolicyImpactTotal;
  @Field(() => PolicyImpactTotal) widened!: PolicyImpactTotal;
  @Field(() => [PolicyImpactGroup], { description: 'By role, purpose and field; tightened first, most reads first' }) groups!: PolicyImpactGroup[];
  @Field(() => Boolean, { description: 'Whether rows entering or leaving contractors\' scope were assessed' }) scopeAssessed!: boolean;
  @Field(() => String, { description: 'How contractors\' scope was assessed (Japanese)' }) scopeNote!: string;
  @Field(() => [PolicyScopeImpact], { description: 'Rows leaving (from the trail) or entering (from today\'s data) contractors\' scope; most customers first' }) scope!: PolicyScopeImpact[];
  @Field(() => Int, { description: 'Milliseconds the simulation took' }) tookMs!: number;
}
