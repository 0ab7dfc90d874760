import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261125171712 } from './Migration20261125171712';
import { Migration20261125172407 } from './Migration20261125172407';
import { Migration20261125180000 } from './Migration20261125180000';
import { Migration20261125190000 } from './Migration20261125190000';
import { Migration20261125191000 } from './Migration20261125191000';
import { Migration20261125192000 } from './Migration20261125192000';
import { Migration20261125193000 } from './Migration20261125193000';
import { Migration20261125200000 } from './Migration20261125200000';
import { Migration20261125220000 } from './Migration20261125220000';
import { Migration20261201100000 } from './Migration20261201100000';
import { Migration20261204090000 } from './Migration20261204090000';
import { Migration20261204100000 } from './Migration20261204100000';
import { Migration20261204110000 } from './Migration20261204110000';
import { Migration20261204120000 } from './Migration20261204120000';
import { Migration20261204130000 } from './Migration20261204130000';
import { Migration20261205120000 } from './Migration20261205120000';
import { Migration20261206100000 } from './Migration20261206100000';
import { Migration20261206200000 } from './Migration20261206200000';
import { Migration20261206500000 } from './Migration20261206500000';
import { Migration20261206510000 } from './Migration20261206510000';
import { Migration20261206900000 } from './Migration20261206900000';

/** Every migration in order. A new migration file must be added here. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261125171712', class: Migration20261125171712 },
  { name: 'Migration20261125172407', class: Migration20261125172407 },
  { name: 'Migration20261125180000', class: Migration20261125180000 },
  { name: 'Migration20261125190000', class: Migration20261125190000 },
  { name: 'Migration20261125191000', class: Migration20261125191000 },
  { name: 'Migration20261125192000', class: Migration20261125192000 },
  { name: 'Migration20261125193000', class: Migration20261125193000 },
  { name: 'Migration20261125200000', class: Migration20261125200000 },
  { name: 'Migration20261125220000', class: Migration20261125220000 },
  { name: 'Migration20261201100000', class: Migration20261201100000 },
  { name: 'Migration20261204090000', class: Migration20261204090000 },
  { name: 'Migration20261204100000', class: Migration20261204100000 },
  { name: 'Migration20261204110000', class: Migration20261204110000 },
  { name: 'Migration20261204120000', class: Migration20261204120000 },
  { name: 'Migration20261204130000', class: Migration20261204130000 },
  { name: 'Migration20261205120000', class: Migration20261205120000 },
  { name: 'Migration20261206100000', class: Migration20261206100000 },
  { name: 'Migration20261206200000', class: Migration20261206200000 },
  { name: 'Migration20261206500000', class: Migration20261206500000 },
  { name: 'Migration20261206510000', class: Migration20261206510000 },
  { name: 'Migration20261206900000', class: Migration20261206900000 },
];
