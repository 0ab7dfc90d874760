import type { TranslateFunction } from 'react-admin';
import { CATEGORIES, classifyField, POWERS, RESOURCES } from '../../../schema/policy';
import { ENUMS, type EnumName } from '../choices';
import { formatDateTime } from './format';

type Lang = 'ja' | 'en';
const langOf = (translate: TranslateFunction): Lang => (translate('mamori.lang', { _: 'ja' }) === 'en' ? 'en' : 'ja');
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * A field or category as the trail names it, in words: `contact.name` by its category's label in schema/policy,
 * `Customer.email` and `ShipTo.addressLine` by the screen's field label, else by the category the policy gives the field.
 */
export function fieldLabel(qualified: string, translate: TranslateFunction): string {
  if (has(CATEGORIES, qualified)) return CATEGORIES[qualified as keyof typeof CATEGORIES][langOf(translate)];
  const [type, ...rest] = qualified.split('.');
  const field = rest.join('.');
  if (!field) return qualified;
  const key = type === 'ShipTo' ? `resources.Order.fields.shipTo.${field}` : `resources.${type}.fields.${field}`;
  // An object field's labels are nested under its name; the object's own label is its `__label`.
  const label = translate(key, { _: '' }) || translate(`${key}.__label`, { _: '' });
  if (label && !label.startsWith('resources.')) return label;
  const cls = classifyField(type, field);
  return cls ? `${CATEGORIES[cls.category][langOf(translate)]}（${field}）` : qualified;
}

const VERBS: [RegExp, string][] = [
  [/^_all(.+)Meta$/, 'count'], [/^all(.+)$/, 'list'], [/^create(.+)$/, 'create'], [/^update(.+)$/, 'update'], [/^delete(.+)$/, 'delete'],
];
const VERB_LABELS: Record<string, Record<Lang, string>> = {
  count: { ja: '件数', en: 'count' }, list: { ja: '一覧', en: 'list' }, show: { ja: '表示', en: 'view' },
  create: { ja: '登録', en: 'create' }, update: { ja: '更新', en: 'update' }, delete: { ja: '削除', en: 'delete' },
};
/** `Customers` → Customer, `PrivacyRequests` → PrivacyRequest, `Statuses` → Status: a resource of schema/policy, or none. */
function resourceOf(plural: string): string | null {
  for (const name of [plural, plural.replace(/ies$/, 'y'), plural.replace(/es$/, ''), plural.replace(/s$/, '')]) {
    if (has(RESOURCES, name)) return name;
  }
  return null;
}

/**
 * A GraphQL operation as words: its own label (mamori.operations), the power of schema/policy that opens it,
 * or the resource and what is done to it (`allCustomers` → 顧客の一覧); an unknown name stays as it is.
 */
export function operationLabel(operation: string | null | undefined, translate: TranslateFunction): string {
  if (!operation) return '';
  const own = translate(`mamori.operations.${operation}`, { _: '' });
  if (own) return own;
  const lang = langOf(translate);
  const power = Object.values(POWERS).find((p) => (p.operations as readonly string[]).includes(operation));
  if (power) return power[lang];
  const named = (resource: string, verb: string) => {
    const name = translate(`resources.${resource}.name`, { smart_count: 1, _: resource });
    return lang === 'ja' ? `${name}の${VERB_LABELS[verb].ja}` : `${name}: ${VERB_LABELS[verb].en}`;
  };
  if (has(RESOURCES, operation)) return named(operation, 'show');
  for (const [pattern, verb] of VERBS) {
    const m = pattern.exec(operation);
    const resource = m ? (verb === 'list' || verb === 'count' ? resourceOf(m[1]) : has(RESOURCES, m[1]) ? m[1] : null) : null;
    if (resource) return named(resource, verb);
  }
  return operation;
}

const lcfirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const ucfirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** The enum of choices.ts a recorded value belongs to: `PrivacyRequest.status` → privacyRequestStatus, `gender` → gender. */
function enumOf(entity: string, field: string, value: string): EnumName | null {
  for (const name of [`${lcfirst(entity)}${ucfirst(field)}`, field, `${lcfirst(entity)}Status`]) {
    if (has(ENUMS, name) && (ENUMS[name as EnumName] as readonly string[]).includes(value)) return name as EnumName;
  }
  return null;
}

/**
 * A value the trail recorded, in words: enum codes by their labels, times in Japan time, yes/no, lists and
 * nested objects laid out with their fields' labels (never `[object Object]`); masked values as stored.
 */
export function recordedValueText(entity: string, field: string, value: unknown, translate: TranslateFunction): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return translate(`ra.boolean.${value}`);
  if (Array.isArray(value)) return value.map((v) => recordedValueText(entity, field, v, translate)).join('、');
  if (typeof value === 'object') {
    // A part of an object field is labelled under the field (Audit.settings.spikeMultiplier), else as the entity's own field.
    const partLabel = (k: string) => {
      const nested = fieldLabel(`${entity}.${field}.${k}`, translate);
      return nested !== `${entity}.${field}.${k}` ? nested : fieldLabel(`${entity}.${k}`, translate);
    };
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${entity ? partLabel(k) : k}: ${recordedValueText(entity, k, v, translate)}`).join('、')} }`;
  }
  const text = String(value);
  if (ISO_TIME.test(text)) return formatDateTime(text);
  const name = enumOf(entity, field, text);
  if (name) return translate(`mamori.enums.${name}.${text}`, { _: text });
  if (field === 'role') return translate(`mamori.roles.${text}`, { _: text });
  if (field === 'purpose') return translate(`mamori.purposes.${text}`, { _: text });
  return text;
}
