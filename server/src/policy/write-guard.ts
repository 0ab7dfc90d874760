import { classifyField, mayWriteField, type PersonalField } from '../../../schema/policy';
import { badInput, forbidden } from '../common/errors';
import type { RequestContext } from '../context';
import { accessFor } from './field-masking';
import { applyMask } from './masking';

export interface PlannedWrite {
  /** The arguments that really change something, ready to validate and apply. */
  changes: Record<string, unknown>;
  /** Which of them are personal fields (a reason is required for those). */
  personal: string[];
}

/**
 * Decides which arguments of a create/update really change the record, and refuses (FORBIDDEN) a
 * change to a personal field the caller does not see in clear. react-admin sends the whole record it
 * showed, masked values included: an argument equal to what the caller was shown is no change. A field
 * with a field-level write rule (RESOURCES' fieldWrites) is changed only by the roles it names.
 * `aliases` classifies arguments that are not fields of the GraphQL type (e.g. cardLast4).
 */
export function planWrite(
  ctx: RequestContext, typeName: string, current: Record<string, unknown> | null, args: Record<string, unknown>,
  aliases: Record<string, PersonalField> = {},
  /** The data subject's names, which free text shows redacted (as field-masking.ts does): what was shown is compared. */
  names?: string[],
): PlannedWrite {
  const changes: Record<string, unknown> = {};
  const personal: string[] = [];
  for (const [key, value] of Object.entries(args)) {
    if (key === 'id' || key === 'reason' || value === undefined) continue;
    const cls = aliases[key] ?? classifyField(typeName, key) ?? null;
    const now = current ? current[key] : undefined;
    if (cls) {
      const access = accessFor(ctx, cls.category);
      if (access !== 'CLEAR') {
        // Compared with what the caller was shown, never with the stored value: writing a guess of a
        // value one cannot see must not answer "unchanged" when it is right (an oracle).
        const kind = ctx.policy.maskKind(cls);
        const seen = !current || access === 'HIDDEN' || !kind ? null : applyMask(kind, now, { names });
        if (same(seen, value) || (!current && value === null)) continue;
        throw forbidden(`${key} cannot be written under this purpose`, `この利用目的では ${key} を変更できません`);
      }
    }
    if (current && same(now, value)) continue;
    if (!mayWriteField(typeName, key, ctx.actor?.role)) {
      throw forbidden(`${key} may not be changed by this role`, `この役割では ${key} を変更できません`, key);
    }
    if (cls) personal.push(key);
    changes[key] = value;
  }
  return { changes, personal };
}

/** A change to a personal field of a customer needs a reason (recorded in the change trail). */
export function assertReasonForPersonalChange(plan: PlannedWrite, reason: unknown): string | null {
  if (!plan.personal.length) return typeof reason === 'string' && reason.trim() ? reason.trim() : null;
  if (typeof reason !== 'string' || reason.trim().length < 2) {
    throw badInput('reason', '個人情報を変更する理由を入力してください', 'A reason is required to change personal data');
  }
  return reason.trim().slice(0, 500);
}

function same(a: unknown, b: unknown): boolean {
  if (a == null && b == null) return true;
  if (a instanceof Date || b instanceof Date) return new Date(a as Date | string | number).getTime() === new Date(b as Date | string | number).getTime();
  return String(a) === String(b);
}
