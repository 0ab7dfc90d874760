import { CATEGORIES, classifyField } from '../../../schema/policy';
import type { RequestContext } from '../context';
import { applyMask, maskNames, redactFreeText } from '../policy/masking';
import type { PlannedWrite } from '../policy/write-guard';
import { keyringFor } from './subject-keys';
import { entryFromRequest } from './trail-context';
import { appendTrail } from './trail-writer';

export interface ChangeRecord {
  entity: string;
  entityId: number;
  /** The customer the change is about. */
  subjectId: number | null;
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  plan: PlannedWrite;
  before: Record<string, unknown> | null;
  reason: string | null;
  /**
   * False for a reason the system wrote (a privacy request's number, `requestReason`): kept readable. Any
   * other reason is free text a person typed, treated as personal.
   */
  reasonIsPersonal?: boolean;
  /** The entry's operation when the act has a name of its own (default `<action><Entity>`, e.g. updateInteraction). */
  operation?: string;
}

/**
 * Records a change in the trail, in the mutation's own transaction: if the entry cannot be written,
 * the change is rolled back. Personal values are stored masked, never clear; free text has the subject's
 * names masked too. For a change about a customer (#20), every value of a personal (or unclassified)
 * field and a typed reason are sealed with the customer's data key (trail/subject-keys.ts), so that an
 * erasure makes them unreadable; declared non-personal values (a status) stay readable.
 */
export async function recordChange(ctx: RequestContext, change: ChangeRecord): Promise<void> {
  const fields = Object.keys(change.plan.changes);
  const subject = change.subjectId == null ? null : await subjectOf(ctx, change.subjectId);
  const names = subject?.names ?? [];
  const classOf = (field: string) => {
    const [type, name] = field.startsWith('shipTo.') ? ['ShipTo', field.slice(7)] : [change.entity, field];
    const cls = classifyField(type, name);
    // null declares a field non-personal; undefined: not declared (cardLast4 is the card's category).
    return cls !== undefined ? cls : name === 'cardLast4' ? { category: 'financial.card' as const, mask: 'card' as const } : undefined;
  };
  const stored = (field: string, v: unknown) => {
    if (v == null) return null;
    const cls = classOf(field);
    if (cls === null) return typeof v === 'string' && names.length ? maskNames(v, names) : v instanceof Date ? v.toISOString() : v;
    const masked = cls ? applyMask(cls.mask ?? CATEGORIES[cls.category].mask, v, { names }) : v instanceof Date ? v.toISOString() : v;
    // Personal, or not declared either way (fail closed): sealed when the change is about a customer.
    return subject ? subject.seal(masked) : masked;
  };
  const reason = change.reason == null ? null : change.reasonIsPersonal === false ? change.reason : redactFreeText(change.reason, { names });
  await appendTrail(ctx.em, [{
    ...entryFromRequest(ctx, 'CHANGE', change.operation ?? `${change.action.toLowerCase()}${change.entity}`),
    customerId: change.subjectId,
    clearFields: [],
    maskedFields: [],
    detail: {
      entity: change.entity, entityId: change.entityId, action: change.action, fields,
      reason: reason != null && subject && change.reasonIsPersonal !== false ? subject.seal(reason) : reason,
      personalFields: change.plan.personal,
      oldValues: change.before ? Object.fromEntries(fields.map((f) => [f, stored(f, change.before![f])])) : null,
      newValues: Object.fromEntries(fields.map((f) => [f, stored(f, change.plan.changes[f])])),
    },
  }]);
}

/** The subject's names (to mask in free text) and how to seal a value for them (null once erased: dropped). */
async function subjectOf(ctx: RequestContext, customerId: number): Promise<{ names: string[]; seal(v: unknown): string | null }> {
  const [row] = await ctx.em.execute(`select name, name_kana from customer where id = ?`, [customerId]);
  const keyring = keyringFor(ctx.deps.orm);
  const key = await keyring.keyFor(ctx.em, customerId);
  return {
    names: row ? [row.name, row.name_kana].filter((n): n is string => typeof n === 'string' && n.length > 0) : [],
    seal: (v) => (v == null ? null : key ? keyring.seal(key, customerId, v) : null),
  };
}
