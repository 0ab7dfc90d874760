// `npm run schema:emit`: writes schema/schema.graphql from the code (a test fails when it is stale).
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { printSchemaSdl } from '../graphql/schema';

writeFileSync('schema/schema.graphql', `${printSchemaSdl()}\n`);
console.log('schema/schema.graphql written');
