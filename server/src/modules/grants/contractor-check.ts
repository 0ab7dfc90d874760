import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../../common/errors';
import { sqlIn } from '../../common/sql';
import { JST_TODAY } from '../../common/jst-sql';

/**
 * A contractor that can be handed accounts or keys: it exists and its agreement is live today in Japan
 * (【8】 supervision; the same rule as a contractor account's login, auth/actor.ts). Else BAD_USER_INPUT on `field`.
 */
export async function assertContractorLive(em: EntityManager, contractorId: number, field = 'contractorId'): Promise<void> {
  const [row] = await sqlIn(em)(`select agreement_expires_at >= ${JST_TODAY} as live from contractor where id = ?`, [contractorId]);
  if (!row) throw badInput(field, '委託先が見つかりません', 'No such contractor');
  if (!row.live) throw badInput(field, '委託先の契約が有効ではありません(期限切れまたは未設定)', 'The contractor has no live agreement');
}
