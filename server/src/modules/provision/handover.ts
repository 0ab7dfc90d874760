import { EQUIVALENT_COUNTRIES, foreignRule, handedOverCategories, HANDOVERS, mayHandOver, type AssignmentScope, type CategoryKey } from '../../../../schema/policy';
import { badInput, forbidden } from '../../common/errors';
import { idOf } from '../../common/list';
import { loadInIdOrder } from '../../common/load-in-order';
import { intArray, textArray } from '../../common/sql';
import type { RequestContext } from '../../context';
import { MAX_SUBJECTS_PER_RECORD } from '../../trail/access-entries';
import { entryFromRequest } from '../../trail/trail-context';
import { appendTrail } from '../../trail/trail-writer';
import { Contractor } from '../contractor/contractor.entity';
import { jstDateOf } from '../../common/japan-dates';
import { ProvisionLegalBasis } from './provision-record.entity';
import { provisionKeepUntil } from './provision.service';
import { JST_TODAY } from '../../common/jst-sql';

const KIND_JA: Record<AssignmentScope, string> = {
  assignedShipments: '配送', assignedCollectionCases: '債権回収', assignedMailings: '発送代行',
};

/** A contractor checked fit to receive work of one kind, and the data categories the handover gives it. */
export interface HandoverTarget { contractor: Contractor; categories: CategoryKey[] }

/**
 * The contractor work is handed to (委託, 【7】【8】), checked against schema/policy's HANDOVERS: it exists, the
 * actor may hand this kind of work over under the declared purpose (else FORBIDDEN), the contractor offers the
 * service, its agreement is live today and entrusts every category the handover gives (else BAD_USER_INPUT on
 * `field`). Nothing is written here.
 */
export async function handoverTarget(ctx: RequestContext, scope: AssignmentScope, contractorId: unknown, field: string): Promise<HandoverTarget> {
  const contractor = await ctx.em.findOne(Contractor, { id: idOf(contractorId, field) });
  if (!contractor) throw badInput(field, '委託先が見つかりません', 'No such contractor');
  if (!ctx.purpose || !mayHandOver(scope, ctx.actor?.role, ctx.purpose)) {
    throw forbidden(`This role may not hand ${scope} work over under this purpose`, `この役割と利用目的では${KIND_JA[scope]}を委託できません`, field);
  }
  const handover = HANDOVERS[scope];
  if (!contractor.services.some((s) => handover.services.includes(s))) {
    throw badInput(field, `この委託先は${KIND_JA[scope]}を請け負っていません`, `This contractor does not offer ${handover.services.join(' / ')}`);
  }
  if (!contractor.agreementExpiresAt || contractor.agreementExpiresAt < jstDateOf(new Date())) {
    throw badInput(field, '委託契約の期限が切れている委託先には委託できません', 'The contractor agreement has lapsed');
  }
  // APPI art. 28(1): work handed over in bulk cannot wait for each person's consent, so a contractor abroad must
  // be in an equivalent country or keep a system meeting the PPC's standards (施行規則第16条).
  if (foreignRule(contractor.country) === 'ART_28' && !contractor.foreignSystemMeasures) {
    throw badInput(field, `外国(${contractor.country})の委託先で、基準に適合する体制の記録がないため委託できません(個人情報保護法第28条)`,
      `The contractor is abroad (${contractor.country}) without a recorded system to the PPC's standards (APPI art. 28)`);
  }
  const categories = handedOverCategories(scope, ctx.purpose, ctx.policy.rules);
  const outside = categories.filter((c) => !contractor.dataCategories.includes(c));
  if (!categories.length || outside.length) {
    throw badInput(field, `委託契約にない項目があります: ${outside.join(', ')}`, `The agreement does not entrust ${outside.join(', ')}`);
  }
  return { contractor, categories };
}

/**
 * Records a handover as provision to the contractor (委託, 【9】ただし4, APPI art. 27(5)(i)): one provision record per
 * customer, in one statement, and one CHANGE event naming every customer (one trail entry each). Returns the
 * provision record ids in the order of `customerIds`.
 */
export async function recordHandover(ctx: RequestContext, target: HandoverTarget, customerIds: readonly number[], change: {
  entity: string; entityId: number; action: 'CREATE' | 'UPDATE'; changes: Record<string, unknown>; before: Record<string, unknown> | null; note: string;
}): Promise<number[]> {
  if (!customerIds.length) return [];
  const providedAt = new Date();
  const rule = foreignRule(target.contractor.country);
  const foreignBasis = rule === 'DOMESTIC' ? null : rule === 'EQUIVALENT_COUNTRY' ? 'EQUIVALENT_COUNTRY' : 'SYSTEM_MEASURES';
  const rows = await ctx.em.execute(`insert into provision_record (customer_id, recipient_name, recipient_contractor_id, data_categories,
      legal_basis, exemption_note, provided_at, keep_until, recorded_by_id, recipient_country, foreign_basis)
    select w.id, ?, ?, ?::text[], ?, ?, ?, ?::date, ?, ?, ? from unnest(?::int[]) with ordinality as w(id, n) order by w.n returning id`, [
    target.contractor.name.slice(0, 200), target.contractor.id, textArray(target.categories), ProvisionLegalBasis.ENTRUSTMENT, change.note,
    providedAt, await provisionKeepUntil(ctx.em, providedAt), ctx.actor?.staffId ?? null, target.contractor.country, foreignBasis, intArray(customerIds),
  ]);
  const values: Record<string, unknown> = { ...change.changes, provisionRecords: rows.length, dataCategories: target.categories };
  const fields = Object.keys(values);
  // One record per at most MAX_SUBJECTS_PER_RECORD customers, as access records are (readers bound a record's id range by it).
  const records = [];
  for (let i = 0; i < customerIds.length; i += MAX_SUBJECTS_PER_RECORD) {
    const subjects = customerIds.slice(i, i + MAX_SUBJECTS_PER_RECORD);
    records.push({
      ...entryFromRequest(ctx, 'CHANGE', `${change.action.toLowerCase()}${change.entity}`),
      customerId: subjects[0],
      ...(subjects.length > 1 ? { moreCustomerIds: subjects.slice(1) } : {}),
      clearFields: [], maskedFields: [],
      detail: {
        entity: change.entity, entityId: change.entityId, action: change.action, fields, reason: change.note, personalFields: [],
        oldValues: change.before ? Object.fromEntries(fields.map((f) => [f, change.before![f] ?? null])) : null,
        newValues: values,
      },
    });
  }
  await appendTrail(ctx.em, records);
  return rows.map((r) => Number(r.id));
}

/** Contractors fit for work of this kind today (service offered, agreement live): what staff choose from. */
export async function handoverContractors(ctx: RequestContext, scope: AssignmentScope): Promise<Contractor[]> {
  const rows = await ctx.em.execute(`select id from contractor where services && ?::text[]
    and agreement_expires_at >= ${JST_TODAY} and (country = 'JP' or country = any(?::text[]) or foreign_system_measures)
    order by name, id`, [textArray(HANDOVERS[scope].services), textArray(EQUIVALENT_COUNTRIES)]);
  return loadInIdOrder(ctx.em, Contractor, rows.map((r) => Number(r.id)));
}
