import { readFileSync } from 'node:fs';
import { getNamedType, introspectionFromSchema, isNonNullType, isObjectType, lexicographicSortSchema } from 'graphql';
import { describe, expect, test } from 'vitest';
import { classifyField, mayPerform, PERSONAL_TYPES, RESOURCES, ROLE_KEYS, ROLES, type PurposeKey, type ResourceName } from '../schema/policy';
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

  test('every relation to a resource that some role × purpose reading its record may not read is nullable, its type with maskedFields', () => {
    const isResource = (name: string): name is ResourceName => Object.prototype.hasOwnProperty.call(RESOURCES, name);
    const requests = ROLE_KEYS.flatMap((role) => [...(ROLES[role].purposes as readonly PurposeKey[]), null].map((purpose) => ({ role, purpose })));
    const withheld = objectTypes.filter((t) => isResource(t.name)).flatMap((t) => Object.values(t.getFields()).flatMap((field) => {
      const target = getNamedType(field.type).name;
      const from = t.name as ResourceName;
      return isResource(target) && requests.some(({ role, purpose }) => mayPerform(from, 'read', role, purpose) && !mayPerform(target, 'read', role, purpose))
        ? [{ type: t, field }] : [];
    }));
    expect(withheld.map(({ type, field }) => `${type.name}.${field.name}`)).toContain('Customer.accessHistory');
    for (const { type, field } of withheld) {
      expect(isNonNullType(field.type), `${type.name}.${field.name} must be nullable`).toBe(false);
      expect(Object.keys(type.getFields()), `${type.name}.maskedFields`).toContain('maskedFields');
    }
  });

  test('no secret is reachable: card token, password hash and API key hash have no field', () => {
    const all = objectTypes.flatMap((t) => Object.keys(t.getFields()).map((f) => `${t.name}.${f}`));
    for (const secret of ['Customer.cardToken', 'Customer.cardLast4', 'Customer.phoneDigits', 'Staff.passwordHash', 'ApiKey.secretHash', 'Staff.tokenVersion']) {
      expect(all).not.toContain(secret);
    }
  });
});
