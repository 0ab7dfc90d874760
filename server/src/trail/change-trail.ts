import { CATEGORIES, classifyField } from '../../../schema/policy';
import type { RequestContext } from '../context';
import { applyMask } from '../policy/masking';
import type { PlannedWrite } from '../policy/write-guard';
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
}

/**
 * Records a change in the trail, in the mutation's own transaction: if the entry cannot be written,
 * the change is rolled back. Personal values are stored masked, never clear.
 */
export async function recordChange(ctx: RequestContext, change: ChangeRecord): Promise<void> {
  const fields = Object.keys(change.plan.changes);
  const masked = (field: string, v: unknown) => {
    const [type, name] = field.startsWith('shipTo.') ? ['ShipTo', field.slice(7)] : [change.entity, field];
    const cls = classifyField(type, name) ?? (name === 'cardLast4' ? { category: 'financial.card' as const, mask: 'card' as const } : null);
    if (v == null) return null;
    if (!cls) return v instanceof Date ? v.toISOString() : v;
    return applyMask(cls.mask ?? CATEGORIES[cls.category].mask, v, {});
  };
  await appendTrail(ctx.em, [{
    ...entryFromRequest(ctx, 'CHANGE', `${change.action.toLowerCase()}${change.entity}`),
    customerId: change.subjectId,
    clearFields: [],
    maskedFields: [],
    detail: {
      entity: change.entity, entityId: change.entityId, action: change.action, fields, reason: change.reason,
      personalFields: change.plan.personal,
      oldValues: change.before ? Object.fromEntries(fields.map((f) => [f, masked(f, change.before![f])])) : null,
      newValues: Object.fromEntries(fields.map((f) => [f, masked(f, change.plan.changes[f])])),
    },
  }]);
}
