import { type GraphQLSchema, getNamedType, isEnumType, isObjectType } from 'graphql';
import {
  type Access, effectiveCategory, type EffectiveCategory, FREE_TEXT_CATEGORIES, type MaskKind, PERSONAL_TYPES, type PersonalField, SEED_POLICY,
} from '../../../schema/policy';
import { type AccessRecorder, sharedFields, type SubjectAccess } from './access-recorder';
import type { PolicyDecisions } from './decisions';
import { applyMask } from './masking';
import type { MaskingBudget } from './masking-budget';
import { isDerived, SOURCES, type StoredRecord, readerOf } from './projection-sources';
import { withheldRelationsOf } from './relation-masking';

/**
 * The read side of the policy in one place. A projector, bound to a request's decisions (one per policy key)
 * and a selection of a type's fields, decides each personal field once — clear, masked or hidden, under the
 * category of the row (a free-text field holding sensitive text is decided under the joined one) — then,
 * per record: serves each value (as stored, masked, or null), lists `maskedFields`, and records the subject's
 * fields in the request's access recorder. The resolvers (field-masking.ts wraps every field that returns a
 * personal type) and the compiled read path (compiled-reads/build-rows.ts) both serve what it returns;
 * a personal field's resolver only reads the projection of its object, and fails closed without one.
 */

/** What a projected object carries: its selected personal fields as served, and its maskedFields. */
export interface Projection {
  readonly values: Readonly<Record<string, unknown>>;
  readonly maskedFields: readonly string[];
}

/** What the policy needs to serve one personal field: its trail path, class, mask kind, and whether a mask can be shown. */
export interface PersonalFieldPolicy {
  path: string;
  cls: PersonalField;
  /** Null when the version names no valid kind: a masked value is then served null (fail closed). */
  kind: MaskKind | null;
  maskable: boolean;
  /** The category it is decided under: its own, or joined with the sensitive one for a row holding sensitive text in it. */
  category: EffectiveCategory;
}

/** The masking kind of a field under the request's version (the seed's when no decisions are given: tools and tests). */
const maskKindOf = (cls: PersonalField, decisions?: Pick<PolicyDecisions, 'maskKind'>): MaskKind | null =>
  decisions ? decisions.maskKind(cls) : cls.mask ?? SEED_POLICY.maskOf(cls.category);

/** The policy of a field for one row, given the row's free-text fields that hold sensitive text (schema/policy/sensitive.ts). */
export function forRow(f: PersonalFieldPolicy, sensitiveFields: readonly string[] | null | undefined): PersonalFieldPolicy {
  const category = effectiveCategory(f.cls.category, !!sensitiveFields?.includes(f.path.slice(f.path.indexOf('.') + 1)));
  return category === f.category ? f : { ...f, category };
}

/**
 * The policy of `typeName.fieldName` when it is a personal field of the schema (null for non-personal ones);
 * its masking kind under `decisions`' version.
 */
export function personalFieldPolicy(schema: GraphQLSchema, typeName: string, fieldName: string, decisions?: Pick<PolicyDecisions, 'maskKind'>): PersonalFieldPolicy | null {
  const cls = PERSONAL_TYPES[typeName]?.[fieldName];
  const type = schema.getType(typeName);
  if (!cls || !isObjectType(type)) return null;
  const field = type.getFields()[fieldName];
  // An enum (gender) cannot carry a masked form such as ＊＊＊: masked, it answers null (unless its mask keeps it as is).
  const kind = maskKindOf(cls, decisions);
  const maskable = !!field && kind !== null && (kind === 'keep' || !isEnumType(getNamedType(field.type)));
  return { path: `${typeName}.${fieldName}`, cls, kind, maskable, category: cls.category };
}

/** How serving a field under `access` is recorded: clear, masked (hidden included), or not at all (a clear null). */
export function recordedAs(access: Access, raw: unknown): 'clear' | 'masked' | null {
  if (access !== 'CLEAR') return 'masked';
  return raw == null ? null : 'clear';
}

/**
 * The value a field is served with under `access`: as stored, masked, or null. `names` are redacted from free
 * text, within the request's masking `budget` (past it: null).
 */
export function servedUnder(access: Access, f: PersonalFieldPolicy, raw: unknown, names: string[] | undefined, budget: MaskingBudget): unknown {
  if (access === 'HIDDEN' || raw == null) return null;
  if (access === 'CLEAR') return raw;
  return f.maskable && f.kind ? applyMask(f.kind, raw, { names, budget }) : null;
}

/** One selected personal field, decided for a policy key: under its own category and, for a row holding sensitive text in it, the joined one. */
interface DecidedField {
  name: string;
  /** Its position in the selection (`projectInto` writes its value there). */
  index: number;
  /** Served as stored whatever the row: CLEAR under its own category and under the joined sensitive one. */
  alwaysClear: boolean;
  policy: PersonalFieldPolicy;
  access: Access | null;
  /** Its policy for a row holding sensitive text in it (the same object when that changes nothing). */
  sensitive: PersonalFieldPolicy;
  sensitiveAccess: Access | null;
  read: (r: StoredRecord) => unknown;
  /** Whether how it is recorded depends on the record (its value null or not, or its row holding sensitive text): BoundProjection.varying. */
  varies: boolean;
}

/** Stands for any stored value that is not null. */
const NOT_NULL = Symbol('not null');

/** The projector of one schema: the personal fields' policies, and the bound projections made for it. */
export class Projector {
  private readonly bound = new Map<string, BoundProjection>();
  private readonly masked = new WeakMap<PolicyDecisions, Map<string, readonly string[]>>();

  constructor(readonly schema: GraphQLSchema) {}

  /** The projection of `fields` (a type's selected fields, in selection order) under `decisions`: made once per policy key. */
  bind(decisions: PolicyDecisions, typeName: string, fields: readonly string[]): BoundProjection {
    const key = `${decisions.key}\u0001${typeName}\u0001${fields.join(',')}`;
    let bound = this.bound.get(key);
    // Only the same decisions may share it (a bench baseline and the declared policy never share a key).
    if (!bound || bound.decisions !== decisions) {
      if (this.bound.size >= 2_000) this.bound.clear();
      this.bound.set(key, (bound = new BoundProjection(this, decisions, typeName, fields)));
    }
    return bound;
  }

  /**
   * `maskedFields` of a record of `typeName`: its personal fields not served clear (given its fields holding
   * sensitive text), then its relations this request may not follow. A field whose access cannot be decided is
   * listed (fail closed). Made once per policy key, type and set of sensitive fields.
   */
  maskedFieldsFor(decisions: PolicyDecisions, typeName: string, sensitiveFields?: readonly string[] | null): readonly string[] {
    let byType = this.masked.get(decisions);
    if (!byType) this.masked.set(decisions, (byType = new Map()));
    const freeText = FREE_TEXT_FIELDS[typeName] ?? [];
    const variant = sensitiveFields?.length ? freeText.filter((f) => sensitiveFields.includes(f)).join(',') : '';
    const key = `${typeName}\u0001${variant}`;
    let masked = byType.get(key);
    if (!masked) {
      const sensitive = variant ? variant.split(',') : [];
      const personal = Object.entries(PERSONAL_TYPES[typeName] ?? {})
        .filter(([f, c]) => c && decisions.access(effectiveCategory(c.category, sensitive.includes(f))) !== 'CLEAR').map(([f]) => f);
      const relations = withheldRelationsOf(this.schema, typeName).filter((r) => !decisions.mayFollow(r.target)).map((r) => r.field);
      byType.set(key, (masked = Object.freeze([...personal, ...relations])));
    }
    return masked;
  }
}

/** The free-text fields of each personal type: the ones a row may hold sensitive text in. */
const FREE_TEXT_FIELDS: Record<string, string[]> = Object.fromEntries(Object.entries(PERSONAL_TYPES).map(([t, fields]) =>
  [t, Object.entries(fields).filter(([, c]) => c && FREE_TEXT_CATEGORIES.includes(c.category)).map(([f]) => f).sort()]));

/**
 * A type's selected personal fields decided for one policy key. It keeps no request: any request with the same
 * decisions uses it, with its own recorder. Each record's fields are recorded at once, as a field set shared by
 * every record with the same outcome (records differ only where a clear field is null, or a field holds sensitive text).
 */
export class BoundProjection {
  private readonly fields: DecidedField[] = [];
  private readonly fixed = { clear: [] as string[], masked: [] as string[] };
  private readonly varying: { path: string; as: (r: StoredRecord, sensitive: readonly string[] | null | undefined) => 'clear' | 'masked' | null }[] = [];
  private readonly byOutcome = new Map<number, SubjectAccess>();
  private readonly subjectOf: (r: StoredRecord) => number | null;
  /** The subject's names, for the free-text mask: null when no selected field may run it under these decisions. */
  private readonly namesOf: ((r: StoredRecord) => string[]) | null;
  private readonly sensitiveOf: (r: StoredRecord) => readonly string[] | null | undefined;
  private plainMasked: readonly string[] | undefined;
  private readonly maskedBySensitive = new Map<string, readonly string[]>();
  /** Serves the selected fields of a record whose subject is known (servingCode), made at its first record. */
  private serve: Serve | undefined;
  /** How many fields were selected: the length of the values `projectInto` writes. */
  readonly width: number;
  /** Selected fields whose stored value is never read under these decisions (hidden or undecidable whatever the row). */
  readonly unread: ReadonlySet<string>;

  constructor(private readonly projector: Projector, readonly decisions: PolicyDecisions, readonly typeName: string, selected: readonly string[]) {
    const source = SOURCES[typeName];
    if (!source?.subject) throw new Error(`no source for personal type ${typeName}`);
    this.subjectOf = source.subject;
    this.sensitiveOf = source.sensitiveFields ?? (() => null);
    this.width = selected.length;
    for (const [index, name] of selected.entries()) {
      const policy = personalFieldPolicy(projector.schema, typeName, name, decisions);
      if (!policy) continue;
      const sensitive = forRow(policy, [name]);
      const access = decisions.access(policy.category);
      const sensitiveAccess = sensitive === policy ? access : decisions.access(sensitive.category);
      const alwaysClear = access === 'CLEAR' && sensitiveAccess === 'CLEAR';
      const f: DecidedField = { name, index, alwaysClear, policy, access, sensitive, sensitiveAccess, read: readerOf(typeName, name).read, varies: false };
      this.fields.push(f);
      this.decideRecording(f);
    }
    this.namesOf = this.fields.some(mayRedactNames) ? source.names ?? null : null;
    const read = new Set(this.fields.filter((f) => !unserved(f.access) || !unserved(f.sensitiveAccess)).map((f) => f.name));
    this.unread = new Set(selected.filter((name) => !read.has(name)));
  }

  /** Whether `r` holds sensitive text in the field (then it is decided under the joined category). */
  private static inSensitive(f: DecidedField, sensitive: readonly string[] | null | undefined): boolean {
    return f.sensitive !== f.policy && !!sensitive?.includes(f.name);
  }

  private decideRecording(f: DecidedField): void {
    const { access, sensitiveAccess, read, policy } = f;
    if (access === null && sensitiveAccess === null) return;
    if (sensitiveAccess !== access) {
      f.varies = true;
      this.varying.push({ path: policy.path, as: (r, s) => {
        const a = BoundProjection.inSensitive(f, s) ? sensitiveAccess : access;
        return a === null ? null : recordedAs(a, read(r));
      } });
      return;
    }
    const ifSet = recordedAs(access!, NOT_NULL);
    const ifNull = recordedAs(access!, null);
    if (ifSet === ifNull) {
      if (ifSet) this.fixed[ifSet].push(policy.path);
    } else {
      f.varies = true;
      this.varying.push({ path: policy.path, as: (r) => (read(r) == null ? ifNull : ifSet) });
    }
  }

  /** The record projected: its selected personal fields as served, its maskedFields; its fields recorded in `recorder`. */
  project(r: StoredRecord, recorder: AccessRecorder): Projection {
    const served = new Array<unknown>(this.width);
    const maskedFields = this.projectInto(r, recorder, served);
    const values: Record<string, unknown> = {};
    for (const f of this.fields) values[f.name] = served[f.index];
    return { values, maskedFields };
  }

  /**
   * The record projected into `served` (each selected field's value at its position in the selection; a name
   * with no policy is left unset, served null); its fields recorded in `recorder`. Returns its maskedFields.
   */
  projectInto(r: StoredRecord, recorder: AccessRecorder, served: unknown[]): readonly string[] {
    let known = true;
    let subjectId: number | null = null;
    let names: string[] | undefined;
    try {
      subjectId = this.subjectOf(r);
      if (this.namesOf) names = this.namesOf(r);
    } catch {
      known = false; // who it is about cannot be told: nothing served, nothing recorded (fail closed)
    }
    const sensitive = this.sensitiveOf(r);
    if (!known) {
      for (const f of this.fields) served[f.index] = null;
    } else {
      const outcomes = (this.serve ??= servingCode(this.typeName, this.fields))(r, served, sensitive, names, recorder.masking);
      this.record(r, sensitive, subjectId, recorder, outcomes);
    }
    // Most records hold no sensitive text: their maskedFields are one list, kept here; the others' by their fields.
    return sensitive?.length ? this.maskedWith(sensitive)
      : (this.plainMasked ??= this.projector.maskedFieldsFor(this.decisions, this.typeName, null));
  }

  /** maskedFields of a record holding sensitive text in `sensitive`, kept by its list (a few lists per projection; 64 at most). */
  private maskedWith(sensitive: readonly string[]): readonly string[] {
    const key = sensitive.length === 1 ? sensitive[0] : sensitive.join('\u0001');
    let masked = this.maskedBySensitive.get(key);
    if (!masked) {
      if (this.maskedBySensitive.size >= 64) this.maskedBySensitive.clear();
      this.maskedBySensitive.set(key, (masked = this.projector.maskedFieldsFor(this.decisions, this.typeName, sensitive)));
    }
    return masked;
  }

  /**
   * Records the subject's fields. `outcomes`: how each varying field is recorded for `r` (none 0, clear 1, masked 2),
   * in the fields' order, as a number in base 3 (at most 3^30 < 2^53: no list per record).
   */
  private record(r: StoredRecord, sensitive: readonly string[] | null | undefined, subjectId: number | null, recorder: AccessRecorder, outcomes: number): void {
    if (subjectId == null) return;
    if (this.varying.length > 30) {
      // More outcomes than a key holds: each field on its own.
      for (const p of this.fixed.clear) recorder.record(subjectId, p, true);
      for (const p of this.fixed.masked) recorder.record(subjectId, p, false);
      for (const v of this.varying) {
        const as = v.as(r, sensitive);
        if (as) recorder.record(subjectId, v.path, as === 'clear');
      }
      return;
    }
    let fields = this.byOutcome.get(outcomes);
    if (!fields) {
      const clear = [...this.fixed.clear];
      const masked = [...this.fixed.masked];
      // A new outcome (a few per projection): the outcomes read again, in the fields' order.
      for (const v of this.varying) {
        const as = v.as(r, sensitive);
        if (as) (as === 'clear' ? clear : masked).push(v.path);
      }
      this.byOutcome.set(outcomes, (fields = sharedFields(clear, masked)));
    }
    recorder.recordFields(subjectId, fields);
  }
}

/**
 * Serves a record's selected fields into `served` and returns how each varying field is recorded (BoundProjection.record's
 * `outcomes`): none 0, clear 1, masked 2, in base 3 in the fields' order.
 */
type Serve = (r: StoredRecord, served: unknown[], sensitive: readonly string[] | null | undefined, names: string[] | undefined, budget: MaskingBudget) => number;

/**
 * The serving of `fields` written out as one function (made once per bound projection): each stored value read once
 * (a property of its own name read inline, so each read keeps its own inline cache), then served as decided — as
 * stored when CLEAR under both categories, null when never served, through `servedUnder` otherwise — and its
 * recording's outcome told from the same value. What it decides is each DecidedField's, nothing of its own.
 */
function servingCode(typeName: string, fields: readonly DecidedField[]): Serve {
  const lines: string[] = ['let o = 0, v;'];
  for (const [i, f] of fields.entries()) {
    const read = isDerived(typeName, f.name) ? `F[${i}].read(r)` : `r[${JSON.stringify(f.name)}]`;
    const at = `served[${f.index}]`;
    if (f.alwaysClear) {
      lines.push(`v = ${read} ?? null; ${at} = v;${f.varies ? ' o = o * 3 + (v === null ? 0 : 1);' : ''}`);
    } else if (f.sensitive === f.policy && !f.varies) {
      // Decided under its own category only (sensitiveAccess is access): the same for every record, never varying.
      lines.push(unserved(f.access) ? `${at} = null;` : `${at} = servedUnder(F[${i}].access, F[${i}].policy, ${read}, names, budget);`);
    } else {
      lines.push(`{ const f = F[${i}]; const s = !!sensitive?.includes(f.name); const a = s ? f.sensitiveAccess : f.access;`,
        `  if (a === null) { ${at} = null;${f.varies ? ' o = o * 3;' : ''} }`,
        `  else { const raw = a === 'HIDDEN' ? null : ${read}; ${at} = servedUnder(a, s ? f.sensitive : f.policy, raw, names, budget);`,
        `    ${f.varies ? "o = o * 3 + (a !== 'CLEAR' ? 2 : raw == null ? 0 : 1);" : ''} } }`);
    }
  }
  lines.push('return o;');
  return new Function('F', 'servedUnder', `return function (r, served, sensitive, names, budget) {\n${lines.join('\n')}\n};`)(fields, servedUnder) as Serve;
}

/** Served null and recorded whatever the stored value: the value is never read (projectInto, decideRecording). */
const unserved = (access: Access | null) => access === null || access === 'HIDDEN';

/** Whether serving `f` may run the free-text mask (the only mask that reads the subject's names) under its decisions. */
function mayRedactNames(f: DecidedField): boolean {
  const redacts = (p: PersonalFieldPolicy, access: Access | null) => access === 'MASKED' && p.maskable && p.kind === 'freeText';
  return redacts(f.policy, f.access) || redacts(f.sensitive, f.sensitiveAccess);
}

const projectors = new WeakMap<GraphQLSchema, Projector>();

/** The projector of a schema (the resolvers' and the compiled path's are the same one). */
export function projectorFor(schema: GraphQLSchema): Projector {
  let p = projectors.get(schema);
  if (!p) projectors.set(schema, (p = new Projector(schema)));
  return p;
}
