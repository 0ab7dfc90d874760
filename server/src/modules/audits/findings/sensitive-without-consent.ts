import { FindingSeverity } from '../audit.entity';
import { type AuditRun, type FindingDraft, jstDay } from './types';

/**
 * Sensitive personal information acquired without a recorded consent (APPI art. 20(2)): free text of a
 * customer or an interaction found to hold it within the audit's period, with no SENSITIVE_INFORMATION
 * consent of the customer given by then. One finding per customer.
 */
export async function findSensitiveWithoutConsent(run: AuditRun): Promise<FindingDraft[]> {
  const rows = await run.query(`select s.customer_id, min(s.detected) as detected, array_agg(distinct s.what order by s.what) as kinds,
      coalesce(array_agg(s.interaction_id order by s.interaction_id) filter (where s.interaction_id is not null), '{}') as interaction_ids
    from (
      select c.id as customer_id, c.sensitive_detected_at as detected, 'customer' as what, null::int as interaction_id
        from customer c where c.sensitive_fields <> '{}' and c.status <> 'ERASED'
      union all
      select i.customer_id, i.sensitive_detected_at, 'interaction', i.id from interaction i where i.sensitive_fields <> '{}'
    ) s
    where s.detected >= ? and s.detected < ?
      and not exists (select 1 from consent k where k.customer_id = s.customer_id and k.purpose = 'SENSITIVE_INFORMATION' and k.granted_at <= s.detected)
    -- A complaint from someone with no customer row (#19 item 9) is a finding of its own.
    group by s.customer_id, case when s.customer_id is null then s.interaction_id end order by s.customer_id nulls last, min(s.interaction_id)`,
  [run.scope.from, run.scope.to]);
  return rows.map((r) => {
    const on = jstDay(new Date(r.detected));
    const where = (r.kinds as string[]).map((k) => (k === 'customer' ? '登録情報' : 'やり取りの記録')).join('・');
    return {
      code: 'SENSITIVE_WITHOUT_CONSENT', severity: FindingSeverity.HIGH, title: '同意の記録がない要配慮個人情報の取得',
      detail: `${r.customer_id == null ? `顧客でない方からの苦情 #${r.interaction_ids[0]}` : `顧客 #${r.customer_id}`} の${where}に要配慮個人情報が ${on} に記録されましたが、その取得への同意(個人情報保護法第20条第2項)が記録されていません。`,
      customerId: r.customer_id, occurredOn: on,
      data: { kinds: r.kinds, interactionIds: (r.interaction_ids as number[]).slice(0, 100) },
    };
  });
}
