import { readFileSync } from 'node:fs';
import { introspectionFromSchema, isNonNullType, isObjectType, lexicographicSortSchema } from 'graphql';
import { describe, expect, test } from 'vitest';
import { classifyField, PERSONAL_TYPES } from '../schema/policy';
import { buildBareSchema, printSchemaSdl } from '../server/src/graphql/schema';

const schema = buildBareSchema();
const objectTypes = Object.values(schema.getTypeMap())
  .filter(isObjectType)
  .filter((t) => !t.name.startsWith('__') && t.name !== 'Query' && t.name !== 'Mutation');

describe('the generated schema', () => {
  test('schema/schema.graphql is up to date (run `npm run schema:emit`)', () => {
    expect(readFileSync('schema/schema.graphql', 'utf8')).toBe(`${printSchemaSdl(schema)}\n`);
    const shipped = JSON.parse(readFileSync('admin-ui/src/schema.json', 'utf8'));
    expect(shipped).toEqual(JSON.parse(JSON.stringify(introspectionFromSchema(lexicographicSortSchema(schema)))));
  });

  test('every field of every object type is classified: a data category or declared non-personal', () => {
    const unclassified = objectTypes.flatMap((t) =>
      Object.keys(t.getFields()).filter((f) => classifyField(t.name, f) === undefined).map((f) => `${t.name}.${f}`));
    expect(unclassified).toEqual([]);
  });

  test('every personal field is nullable (HIDDEN answers null) and its description names its category', () => {
    for (const t of objectTypes) {
      for (const field of Object.values(t.getFields())) {
        const cls = classifyField(t.name, field.name);
        if (!cls) continue;
        expect(isNonNullType(field.type), `${t.name}.${field.name} must be nullable`).toBe(false);
        expect(field.description, `${t.name}.${field.name}`).toContain(cls.category);
      }
    }
  });

  test('every type with personal fields exposes maskedFields, and the policy names no field the schema lacks', () => {
    for (const [type, fields] of Object.entries(PERSONAL_TYPES)) {
      const t = schema.getType(type);
      expect(isObjectType(t), type).toBe(true);
      if (!isObjectType(t)) continue;
      expect(Object.keys(t.getFields())).toContain('maskedFields');
      for (const f of Object.keys(fields)) expect(Object.keys(t.getFields()), `${type}.${f}`).toContain(f);
    }
  });

  test('no secret is reachable: card token, password hash and API key hash have no field', () => {
    const all = objectTypes.flatMap((t) => Object.keys(t.getFields()).map((f) => `${t.name}.${f}`));
    for (const secret of ['Customer.cardToken', 'Customer.cardLast4', 'Customer.phoneDigits', 'Staff.passwordHash', 'ApiKey.secretHash', 'Staff.tokenVersion']) {
      expect(all).not.toContain(secret);
    }
  });
});
