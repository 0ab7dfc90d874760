import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'An export recorded in the trail (security event EXPORT)' })
export class ExportRecorded {
  @Field(() => Int) rowCount!: number;
  @Field(() => Int, { description: 'The most rows this role may export under this purpose' }) cap!: number;
  @Field(() => Date) recordedAt!: Date;
}

@ObjectType({ description: 'How many rows this role may export under the declared purpose' })
export class ExportAllowance {
  @Field(() => Int, { description: '0: no export under this purpose' }) cap!: number;
}
