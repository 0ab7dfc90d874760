// `npm run schema:emit`: writes schema/schema.graphql from the code (a test fails when it is stale).
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { introspectionFromSchema, lexicographicSortSchema } from 'graphql';
import { buildBareSchema, printSchemaSdl } from '../graphql/schema';

const schema = buildBareSchema();
writeFileSync('schema/schema.graphql', `${printSchemaSdl(schema)}\n`);
// The admin UI ships the schema with its build: production serves no introspection.
writeFileSync('admin-ui/src/schema.json', `${JSON.stringify(introspectionFromSchema(lexicographicSortSchema(schema)))}\n`);
console.log('schema/schema.graphql and admin-ui/src/schema.json written');
