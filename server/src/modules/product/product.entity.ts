import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType()
@Entity({ tableName: 'product' })
export class Product {
  @Field(() => ID) @PrimaryKey({ type: 'integer' }) id!: number;
  @Field(() => String) @Property({ type: 'string', length: 32, unique: true }) sku!: string;
  @Field(() => String) @Property({ type: 'string', length: 200 }) name!: string;
  @Field(() => Int) @Property({ type: 'integer' }) priceYen!: number;
  @Field(() => Boolean) @Property({ type: 'boolean', default: true }) active: boolean = true;
}
