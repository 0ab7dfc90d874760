import type { EntityManager } from '@mikro-orm/postgresql';
import { countryName, foreignRule, isCategoryKey } from '../../../../schema/policy';
import { recordChange } from '../../trail/change-trail';
import { ConsentPurpose, CustomerStatus } from '../../common/enums';
import { badInput, forbidden, notFound } from '../../common/errors';
import { idOf, type ListArgs, pageOf, sortOrderOf } from '../../common/list';
import { loadInIdOrder } from '../../common/load-in-order';
import { ScopedQuery, type SelectList } from '../../common/scoped-query';
import { intArray, likeContains } from '../../common/sql';
import { emRunner } from '../../db/read-pool';
import type { RequestContext } from '../../context';
import { GUARDIAN_AGE } from '../../policy/row-scope';
import { Consent } from '../consent/consent.entity';
import { Contractor } from '../contractor/contractor.entity';
import type { Customer } from '../customer/customer.entity';
import { CustomerService } from '../customer/customer.service';
import { addYears, jstDateOf } from '../../common/japan-dates';
import { holdsOn } from '../privacy-request/legal-retention';
import { legalSettings } from '../privacy-request/legal-settings';
import { Staff } from '../staff/staff.entity';
import type { CreateProvisionRecordArgs, ProvisionRecordFilter } from './provision.inputs';
import { ProvisionLegalBasis as Basis, type ForeignBasis, ProvisionRecord } from './provision-record.entity';

/** Bases that stand without the person's consent and so are not stopped by a stop-of-provision request. */
const STATED_EXEMPTIONS: readonly Basis[] = [Basis.LAW, Basis.VITAL_INTERESTS, Basis.PUBLIC_AUTHORITY];
const SORTS: Record<string, string> = {
  id: 'p.id', providedAt: 'p.provided_at', keepUntil: 'p.keep_until', recipientName: 'p.recipient_name', legalBasis: 'p.legal_basis',
};

export class ProvisionService {
  constructor(private readonly ctx: RequestContext) {}
  private get em(): EntityManager { return this.ctx.em; }

  /** Newest first unless another sort is asked for. */
  async list(args: ListArgs, filter?: ProvisionRecordFilter): Promise<ProvisionRecord[]> {
    const rows = await this.page(args, filter, 'p.id');
    return loadInIdOrder(this.em, ProvisionRecord, rows.map((r) => Number(r.id)));
  }

  /**
   * One page of the list as raw rows of the `select`ed columns (alias `p`): the scope, filter, sort and paging
   * of `list` (the compiled read path's statement). `selectParams` are the parameters `select` itself uses.
   */
  async page(args: ListArgs, filter: ProvisionRecordFilter | undefined, select: SelectList, selectParams: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const { limit, offset } = pageOf(args);
    const column = SORTS[args.sortField ?? 'providedAt'];
    if (!column) throw badInput('sortField', '並べ替えできない項目です', `Cannot sort by ${args.sortField}`);
    const order = args.sortField ? sortOrderOf(args) : 'desc';
    const q = this.query(filter).select(select, `order by ${column} ${order}, p.id limit ? offset ?`, [limit, offset]);
    return (this.ctx.readRunner ?? emRunner(this.em))(q.sql, [...selectParams, ...q.params]);
  }

  async count(filter?: ProvisionRecordFilter): Promise<number> {
    const q = this.query(filter).count();
    const [row] = await this.em.execute(q.sql, q.params);
    return row.n;
  }

  async get(id: unknown): Promise<ProvisionRecord> {
    const [found] = await this.list({ perPage: 1 }, { ids: [String(idOf(id))] });
    if (!found) throw notFound('ProvisionRecord');
    return found;
  }

  /**
   * Records a provision, refusing (FORBIDDEN) one the policy does not allow: to a contractor only with a
   * live agreement and within the categories it was entrusted with; to anyone else only with a live
   * THIRD_PARTY_PROVISION consent (a minor's with the guardian's, not stopped) or a stated exemption of 【9】.
   */
  async create(args: CreateProvisionRecordArgs): Promise<ProvisionRecord> {
    const customer = await new CustomerService(this.ctx).get(args.customerId);
    const categories = [...new Set(args.dataCategories ?? [])];
    if (!categories.length) throw badInput('dataCategories', '提供した項目を指定してください', 'Name the data categories provided');
    const unknown = categories.find((c) => !isCategoryKey(c));
    if (unknown) throw badInput('dataCategories', `不明なデータ区分: ${unknown}`, `Unknown data category ${unknown}`);
    const providedAt = args.providedAt ?? new Date();
    if (Number.isNaN(providedAt.getTime()) || providedAt.getTime() > Date.now() + 5 * 60_000) {
      throw badInput('providedAt', '提供日時が未来です', 'providedAt is in the future');
    }
    const contractor = args.recipientContractorId
      ? await this.em.findOne(Contractor, { id: idOf(args.recipientContractorId, 'recipientContractorId') }) : null;
    if (args.recipientContractorId && !contractor) throw notFound('Contractor');
    const recipientName = (args.recipientName?.trim() || contractor?.name || '').slice(0, 200);
    if (!recipientName) throw badInput('recipientName', '提供先を入力してください', 'The recipient is required');
    const note = args.exemptionNote?.trim() || null;
    if (note && note.length > 1000) throw badInput('exemptionNote', '根拠の説明は1000文字以内です', 'At most 1000 characters');

    const country = recipientCountryOf(args.recipientCountry, contractor);
    let consent: Consent | null = null;
    if (args.legalBasis === Basis.ENTRUSTMENT) this.assertEntrustable(contractor, categories, providedAt);
    else if (STATED_EXEMPTIONS.includes(args.legalBasis) || args.legalBasis === Basis.HOUSEHOLD_SALES_CONTRACT) {
      if (!note || note.length < 5) throw badInput('exemptionNote', '根拠(法令名・条項、照会元など)を記載してください', 'State the exemption (law and article, requesting body)');
    }
    if (!STATED_EXEMPTIONS.includes(args.legalBasis) && args.legalBasis !== Basis.ENTRUSTMENT) this.assertNotStopped(customer);
    const abroad = await this.foreignGround(customer, country, args.legalBasis, contractor, providedAt);
    // Abroad, the consent art. 28 asks for (informed of the country's system) is the consent this provision rests on.
    if (args.legalBasis === Basis.CONSENT) consent = abroad.basis === 'CONSENT' ? abroad.consent : await this.liveConsentOrThrow(customer, providedAt);

    const record = this.em.create(ProvisionRecord, {
      customer, recipientName, recipientContractor: contractor, dataCategories: categories, legalBasis: args.legalBasis,
      exemptionNote: note, consent, providedAt, keepUntil: await provisionKeepUntil(this.em, providedAt),
      recipientCountry: country, foreignBasis: abroad.basis, foreignConsent: abroad.consent,
      recordedBy: this.ctx.actor?.staffId ? this.em.getReference(Staff, this.ctx.actor.staffId) : null,
    }, { partial: true });
    await this.em.flush();
    await recordChange(this.ctx, {
      entity: 'ProvisionRecord', entityId: record.id, subjectId: customer.id, action: 'CREATE', reason: note, before: null,
      plan: { changes: { recipientName, legalBasis: args.legalBasis, dataCategories: categories, keepUntil: record.keepUntil,
        ...(abroad.basis ? { recipientCountry: country, foreignBasis: abroad.basis } : {}) }, personal: [] },
    });
    return record;
  }

  /**
   * APPI art. 28(1): data goes to a recipient abroad only on one of its grounds (schema/policy/foreign-countries.ts):
   * an equivalent country, a contractor keeping a system to the PPC's standards, an exemption of art. 27(1), or a
   * live FOREIGN_PROVISION consent of the person for that country (a minor's with the guardian's). FORBIDDEN
   * otherwise, nothing written. At home: no ground needed (null).
   */
  private async foreignGround(customer: Customer, country: string, basis: Basis, contractor: Contractor | null, at: Date)
    : Promise<{ basis: ForeignBasis | null; consent: Consent | null }> {
    const rule = foreignRule(country);
    if (rule === 'DOMESTIC') return { basis: null, consent: null };
    if (rule === 'EQUIVALENT_COUNTRY') return { basis: 'EQUIVALENT_COUNTRY', consent: null };
    if (STATED_EXEMPTIONS.includes(basis)) return { basis: 'EXEMPTION', consent: null };
    if (basis === Basis.ENTRUSTMENT && contractor?.foreignSystemMeasures) return { basis: 'SYSTEM_MEASURES', consent: null };
    const consent = await this.liveConsentOrThrow(customer, at, ConsentPurpose.FOREIGN_PROVISION, country);
    return { basis: 'CONSENT', consent };
  }

  private assertEntrustable(contractor: Contractor | null, categories: string[], at: Date): void {
    if (!contractor) throw forbidden('Entrustment needs a contractor as the recipient', '委託による提供は委託先に対してのみ行えます');
    if (!contractor.agreementExpiresAt || contractor.agreementExpiresAt < jstDateOf(at)) {
      throw forbidden('The contractor agreement has lapsed', '委託先との契約の期限が切れています');
    }
    const outside = categories.filter((c) => !contractor.dataCategories.includes(c));
    if (outside.length) throw forbidden(`Not entrusted to this contractor: ${outside.join(', ')}`, `委託していない項目です: ${outside.join(', ')}`);
  }

  private assertNotStopped(customer: Customer): void {
    if (customer.provisionStopped || customer.status === CustomerStatus.USE_STOPPED) {
      throw forbidden('The person has asked to stop use or provision', 'ご本人から利用停止・提供停止の請求を受けています');
    }
  }

  private async liveConsentOrThrow(customer: Customer, at: Date, purpose = ConsentPurpose.THIRD_PARTY_PROVISION, country?: string): Promise<Consent> {
    const consents = await this.em.find(Consent, {
      customer, purpose, withdrawnAt: null, grantedAt: { $lte: at }, ...(country ? { country } : {}),
    }, { orderBy: { grantedAt: 'desc' } });
    const minor = !!customer.birthDate && addYears(customer.birthDate, GUARDIAN_AGE) > jstDateOf(at);
    const consent = consents.find((c) => !minor || c.guardianConsent);
    if (!consent && country) {
      throw forbidden(`No live consent to provision to a recipient in ${country} given with the information on its system (APPI art. 28)`,
        minor ? `保護者の同意を伴う、外国(${countryName(country, 'ja')})にある第三者への提供の同意がありません(個人情報保護法第28条)`
          : `外国(${countryName(country, 'ja')})にある第三者への提供について、制度等の情報を提供したうえでの同意がありません(個人情報保護法第28条)`);
    }
    if (!consent) {
      throw forbidden(minor ? 'No live third-party provision consent with a guardian\'s consent' : 'No live third-party provision consent',
        minor ? '保護者の同意を伴う第三者提供の同意がありません' : '第三者提供への有効な同意がありません');
    }
    return consent;
  }

  /** The provision records this request may see (row scope), narrowed by the filter. */
  private query(f?: ProvisionRecordFilter): ScopedQuery {
    const q = new ScopedQuery(this.ctx, 'ProvisionRecord', 'p');
    if (f?.ids) q.where('p.id = any(?::int[])', intArray(f.ids.map((v) => idOf(v, 'filter.ids'))));
    if (f?.legalBasis) q.where('p.legal_basis = ?', f.legalBasis);
    if (f?.customerId) q.where('p.customer_id = ?', idOf(f.customerId, 'filter.customerId'));
    if (f?.recipientContractorId) q.where('p.recipient_contractor_id = ?', idOf(f.recipientContractorId, 'filter.recipientContractorId'));
    if (f?.q?.trim()) q.where(`p.recipient_name ilike ? escape '\\'`, likeContains(f.q.trim()));
    if (f?.providedAt_gte) q.where('p.provided_at >= ?', f.providedAt_gte);
    if (f?.providedAt_lte) q.where('p.provided_at <= ?', f.providedAt_lte);
    return q;
  }
}

/** The recipient's country: as given (ISO 3166-1 alpha-2, matching the contractor's when both), else the contractor's, else JP. */
function recipientCountryOf(given: string | undefined, contractor: Contractor | null): string {
  if (given == null) return contractor?.country ?? 'JP';
  const country = given.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw badInput('recipientCountry', '提供先の国は ISO 3166-1 の2文字(例 JP, US)で指定してください', 'recipientCountry is an ISO 3166-1 alpha-2 code');
  if (contractor && contractor.country !== country) {
    throw badInput('recipientCountry', `委託先の国(${contractor.country})と異なります`, `The contractor handles the data in ${contractor.country}`);
  }
  return country;
}

/** The last day a provision record made at `providedAt` is kept (APPI art. 29(2), legal-retention.ts). */
export async function provisionKeepUntil(em: EntityManager, providedAt: Date): Promise<string> {
  const holds = holdsOn('provisionRecords', jstDateOf(providedAt), await legalSettings(em));
  return holds.map((h) => h.keptUntil).sort().pop()!;
}
