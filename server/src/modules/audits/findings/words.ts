import { CATEGORY_KEYS, isPurposeKey, isRoleKey, PURPOSES, ROLES } from '../../../../../schema/policy';
import { intArray } from '../../../common/sql';
import { fieldLabel } from '../../../../../admin-ui/src/fields/trailLabels';
import { translateJa } from '../../../common/ui-words';
import type { AuditRun, FindingDraft } from './types';

const roleJa = (r: string) => (isRoleKey(r) ? ROLES[r].ja : r);
const CATEGORY_SET = new Set<string>(CATEGORY_KEYS);
const FIELD = /\b(Customer|ShipTo|Order|OrderItem|Interaction|Consent)\.[a-zA-Z.]+|\b[a-z]+\.[a-z]+\b/g;

/**
 * Finding texts in the words an auditor reads (#21): the generators name actors, purposes, customers and
 * fields by their keys (`担当者 #5(PRIVACY_MANAGER)`, `利用目的「PROMOTION」`, `顧客 #21`, `Customer.phone`);
 * this pass writes the staff member's name with their number and role label, the purpose's label, the
 * customer number (a pseudonym after an erasure), and the field's label. Ids stay in the finding's data.
 */
export async function findingsInWords(run: Pick<AuditRun, 'query'>, drafts: FindingDraft[]): Promise<FindingDraft[]> {
  const text = drafts.map((d) => `${d.title}\n${d.detail}`).join('\n');
  const staffIds = [...new Set([...text.matchAll(/担当者 #(\d+)/g)].map((m) => Number(m[1])))];
  const customerIds = [...new Set([...text.matchAll(/顧客 #(\d+)/g)].map((m) => Number(m[1])))];
  const staff = new Map((staffIds.length
    ? await run.query<{ id: number; name: string }>('select id, name from staff where id = any(?::int[])', [intArray(staffIds)]) : [])
    .map((s) => [Number(s.id), s.name]));
  const customers = new Map((customerIds.length
    ? await run.query<{ id: number; customer_number: string }>('select id, customer_number from customer where id = any(?::int[])', [intArray(customerIds)]) : [])
    .map((c) => [Number(c.id), c.customer_number]));
  const words = (s: string) => s
    .replace(/担当者 #(\d+)\(([A-Z_]+)\)/g, (_m, id: string, role: string) => {
      const name = staff.get(Number(id));
      return name ? `${name}(担当者 #${id}・${roleJa(role)})` : `担当者 #${id}(${roleJa(role)})`;
    })
    .replace(/APIキー #(\d+)\(([A-Z_]+)\)/g, (_m, id: string, role: string) => `APIキー #${id}(${roleJa(role)})`)
    .replace(/利用目的「([A-Z_]+)」/g, (m, p: string) => (isPurposeKey(p) ? `利用目的「${PURPOSES[p].ja}」` : m))
    .replace(/顧客 #(\d+)/g, (m, id: string) => (customers.has(Number(id)) ? `顧客 ${customers.get(Number(id))}` : m))
    .replace(FIELD, (m) => (m.includes('.') && (CATEGORY_SET.has(m) || /^[A-Z]/.test(m)) ? fieldLabel(m, translateJa) : m));
  return drafts.map((d) => ({ ...d, title: words(d.title), detail: words(d.detail) }));
}
