import type { RaRecord, TranslateFunction } from 'react-admin';
import type { EnumName } from '../choices';
import { formatDateTime } from '../fields/format';
import { fieldLabel, operationLabel, recordedValueText } from '../fields/trailLabels';
import { isMaskedIn, maskStateOf } from '../fields/masking';

/** How a clear value is written in a cell. A masked value is always written as the server sent it. */
export type CellKind =
  | 'text' | 'dateTime' | 'date' | 'boolean' | 'role' | 'purpose' | 'fieldNames' | 'operation'
  /** An object of key → value (a change's old or new values, labelled by the record's `entity`; an event's detail). */
  | 'values'
  | { enum: EnumName }
  /** A list of keys, each written by its label under this translation prefix (e.g. `mamori.categories`). */
  | { listOf: string }
  /** Another resource's record, written by one of its fields (e.g. a staff id as the staff member's name). */
  | { reference: string; field: string };

export interface ExportColumn {
  /** The record's field, dotted for an embedded object (`shipTo.name`); its label is the header. */
  source: string;
  as?: CellKind;
}

export type Cell = string | number | null;

/** Referenced records already fetched, by resource then id. */
export type ReferenceIndex = Record<string, Map<string, RaRecord>>;

function valueAt(record: RaRecord, source: string): unknown {
  return source.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | null | undefined)?.[key], record);
}

/** `Customer.email` → メールアドレス (the field's label); unknown names stay as they are. */
export function fieldName(qualified: string, translate: TranslateFunction): string {
  return fieldLabel(qualified, translate);
}

/** The header row: each column's field label, as on screen. */
export function headerOf(resource: string, columns: readonly ExportColumn[], translate: TranslateFunction): string[] {
  return columns.map(({ source }) => translate(`resources.${resource}.fields.${source}`, { _: source }));
}

export function cellOf(record: RaRecord, column: ExportColumn, translate: TranslateFunction, references: ReferenceIndex): Cell {
  const value = valueAt(record, column.source);
  // Withheld by the policy is not "no data": the cell says so (an empty cell is an empty value).
  if ((value === null || value === undefined || value === '') && isMaskedIn(record, column.source)) return translate('mamori.export.hidden_cell');
  if (value === null || value === undefined || value === '') return null;
  if (isMaskedIn(record, column.source)) return String(value);
  const kind = column.as ?? 'text';
  if (typeof kind === 'object') {
    if ('enum' in kind) return translate(`mamori.enums.${kind.enum}.${String(value)}`, { _: String(value) });
    if ('listOf' in kind) {
      const keys = Array.isArray(value) ? value.map(String) : [String(value)];
      return keys.map((key) => translate(`${kind.listOf}.${key}`, { _: key })).join('、');
    }
    const referenced = references[kind.reference]?.get(String(value));
    return referenced ? String(referenced[kind.field] ?? value) : String(value);
  }
  switch (kind) {
    case 'dateTime': return formatDateTime(value, true);
    case 'date': return formatDateTime(value, false);
    case 'boolean': return translate(`ra.boolean.${value ? 'true' : 'false'}`);
    case 'role': return translate(`mamori.roles.${String(value)}`, { _: String(value) });
    case 'purpose': return translate(`mamori.purposes.${String(value)}`, { _: String(value) });
    case 'operation': return operationLabel(String(value), translate);
    case 'fieldNames': return Array.isArray(value) ? value.map((f) => fieldName(String(f), translate)).join('、') : String(value);
    case 'values':
      return typeof value === 'object'
        ? Object.entries(value as Record<string, unknown>)
          .map(([k, v]) => {
            const entity = typeof record.entity === 'string' ? record.entity : '';
            return `${entity ? fieldName(`${entity}.${k}`, translate) : k}: ${recordedValueText(entity, k, v, translate)}`;
          })
          .join('、')
        : String(value);
    default: return typeof value === 'number' ? value : String(value);
  }
}

/**
 * The last column of an export of personal records (records that carry `maskedFields`): which of the row's
 * columns were partly masked or hidden under the declared purpose, so a masked value is never taken for a
 * clear one. Undefined for records without masking.
 */
export function maskedColumnOf(resource: string, columns: readonly ExportColumn[], translate: TranslateFunction) {
  return {
    header: translate('mamori.export.masked_column'),
    cell(record: RaRecord): Cell {
      const notes = columns.flatMap(({ source }) => {
        const state = maskStateOf(record, source, resource);
        if (state !== 'partial' && state !== 'hidden') return [];
        const field = translate(`resources.${resource}.fields.${source}`, { _: source });
        return [translate(state === 'partial' ? 'mamori.export.masked_partial' : 'mamori.export.masked_hidden', { field })];
      });
      return notes.length ? notes.join('、') : null;
    },
  };
}

/** Whether records of this export carry masking (personal records always have `maskedFields`, maybe empty). */
export const carriesMasking = (records: readonly RaRecord[]) => records.some((r) => Array.isArray(r.maskedFields));

/** What the reference columns need: per referenced resource, the fields to show and the ids. */
export interface ReferenceNeed {
  fields: string[];
  ids: string[];
}

export function referencesNeeded(records: readonly RaRecord[], columns: readonly ExportColumn[]): Record<string, ReferenceNeed> {
  const wanted: Record<string, { fields: Set<string>; ids: Set<string> }> = {};
  for (const { source, as } of columns) {
    if (typeof as !== 'object' || !('reference' in as)) continue;
    const need = (wanted[as.reference] ??= { fields: new Set(), ids: new Set() });
    need.fields.add(as.field);
    for (const record of records) {
      const id = valueAt(record, source);
      if (id !== null && id !== undefined && !isMaskedIn(record, source)) need.ids.add(String(id));
    }
  }
  return Object.fromEntries(Object.entries(wanted).map(([resource, { fields, ids }]) => [resource, { fields: [...fields], ids: [...ids] }]));
}
