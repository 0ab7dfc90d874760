import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class ProductFilter {
  @Field(() => String, { nullable: true }) q?: string;
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => Boolean, { nullable: true }) active?: boolean;
}

@ArgsType()
export class ProductFields {
  @Field(() => String, { nullable: true }) sku?: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => Int, { nullable: true }) priceYen?: number;
  @Field(() => Boolean, { nullable: true }) active?: boolean;
}

@ArgsType()
export class UpdateProductArgs extends ProductFields { @Field(() => ID) id!: string; }
