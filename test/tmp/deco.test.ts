import 'reflect-metadata';
import { test, expect } from 'vitest';
import { ObjectType, Field, Resolver, Query, buildSchemaSync } from 'type-graphql';
import { printSchema } from 'graphql';
@ObjectType()
class A { @Field(() => String) name!: string; }
@Resolver()
class R { @Query(() => A) a(): A { return { name: 'x' }; } }
test('decorators', () => {
  const s = buildSchemaSync({ resolvers: [R] });
  expect(printSchema(s)).toContain('name: String!');
});
