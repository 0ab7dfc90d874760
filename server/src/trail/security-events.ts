import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../context';
import { boundedDetail } from './bounded-text';
import { entryFromRequest } from './trail-context';
import { appendTrail } from './trail-writer';

export type SecurityEventKind =
  | 'LOGIN_OK' | 'LOGIN_FAILED' | 'LOCKOUT' | 'LOGOUT' | 'API_KEY_CREATED' | 'API_KEY_REVOKED' | 'PURPOSE_REFUSED' | 'FORBIDDEN'
  | 'UNAUTHENTICATED' | 'LOGIN_PENDING' | 'LOGIN_THROTTLED' | 'LOGIN_UNLOCKED' | 'MFA_ENROLLED' | 'MFA_RESET' | 'RECOVERY_CODE_USED'
  | 'TRUSTED_DOCUMENT_REGISTERED' | 'TRUSTED_DOCUMENT_APPROVED' | 'TRUSTED_DOCUMENT_REVOKED' | 'UNTRUSTED_DOCUMENT'
  | 'MASKING_BUDGET_EXCEEDED' | 'STAFF_BOOTSTRAPPED' | 'PASSWORD_SETUP_ISSUED' | 'PASSWORD_SET' | 'PASSWORD_SETUP_REFUSED'
  | 'EXPORT' | 'PASSWORD_CHANGED' | 'PASSWORD_CHANGE_REFUSED' | 'LOGIN_WITHOUT_ROLE';

/**
 * Records a security event in its own transaction (it must survive the request's failure). Its text is
 * bounded and normalised (bounded-text.ts): an unauthenticated caller chooses some of it.
 */
export async function recordSecurityEvent(
  ctx: RequestContext, event: SecurityEventKind, detail: Record<string, unknown> = {}, em: EntityManager = ctx.em.fork(),
): Promise<void> {
  await em.transactional((tem) => appendTrail(tem, [{
    ...entryFromRequest(ctx, 'SECURITY'), customerId: null, clearFields: [], maskedFields: [], detail: boundedDetail({ event, ...detail }),
  }]));
}
