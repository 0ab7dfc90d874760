import {
  canonicalJson, diffPolicyDocuments, effectiveChanges, type PolicyDocument, seedPolicyDocument, validatePolicyDocument,
} from '../../../../schema/policy';
import { badInput, conflict, notFound } from '../../common/errors';
import type { RequestContext } from '../../context';
import { policyDocumentHash } from '../../policy/policy-hash';
import { recordChange } from '../../trail/change-trail';
import { changeText } from './policy-change-text';
import { type PolicyDiff, type PolicyVersion, PolicyVersionState } from './policy-version.types';

const SELECT = `select v.*, b.number as based_on_number, c.name as created_by_name, a.name as approved_by_name,
  e.name as edited_by_name, r.name as requested_by_name
  from policy_version v left join policy_version b on b.id = v.based_on
  left join staff c on c.id = v.created_by left join staff a on a.id = v.approved_by
  left join staff e on e.id = v.edited_by left join staff r on r.id = v.requested_by`;

/** A version's id from the API: a positive whole number, else BAD_USER_INPUT naming `field`. */
export function idOf(id: unknown, field = 'id'): number {
  const n = typeof id === 'string' && /^\d{1,9}$/.test(id) ? Number(id) : typeof id === 'number' ? id : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw badInput(field, 'ポリシー版のIDが正しくありません', 'Not a policy version id');
  return n;
}

const idText = (v: number | null): string | null => (v == null ? null : String(v));
/** BAD_USER_INPUT naming the first problem's cell (extensions.problemCode, .problems ≤ 50) when `document` is not valid. */
export function assertValidDocument(document: unknown): void {
  const problems = validatePolicyDocument(document);
  if (!problems.length) return;
  const first = problems[0];
  throw badInput(first.path || 'document', `ポリシー文書に誤りがあります(${first.path || '文書'}: ${first.code})`, `The policy document is not valid at ${first.path || 'the top'}: ${first.message}`,
    { problemCode: first.code, problems: problems.slice(0, 50) });
}

const dateOf = (v: unknown): Date | null => (v == null ? null : new Date(v as string));

/** A row of SELECT. */
interface VersionRow {
  id: number; number: number | null; state: string; document: Record<string, unknown>; hash: string; based_on_number: number | null;
  created_by: number | null; created_by_name: string | null; created_at: string; updated_at: string; published_at: string | null;
  approved_by: number | null; approved_by_name: string | null; reason: string | null; retired_at: string | null;
  edited_by: number | null; edited_by_name: string | null; requested_by: number | null; requested_by_name: string | null;
  requested_at: string | null; request_reason: string | null; requested_against: number | null;
}

function view(r: VersionRow): PolicyVersion {
  return {
    id: String(r.id), number: r.number, state: r.state as PolicyVersionState, inForce: r.state === PolicyVersionState.PUBLISHED,
    label: String(r.document?.label ?? ''), document: r.document, hash: r.hash, basedOnNumber: r.based_on_number ?? null,
    createdById: r.created_by == null ? null : String(r.created_by), createdByName: r.created_by_name ?? null,
    createdAt: dateOf(r.created_at)!, updatedAt: dateOf(r.updated_at)!, publishedAt: dateOf(r.published_at),
    approvedById: r.approved_by == null ? null : String(r.approved_by), approvedByName: r.approved_by_name ?? null,
    reason: r.reason ?? null, retiredAt: dateOf(r.retired_at),
    editedById: idText(r.edited_by), editedByName: r.edited_by_name ?? null,
    publicationRequested: r.state === PolicyVersionState.DRAFT && r.requested_by != null,
    requestedById: idText(r.requested_by), requestedByName: r.requested_by_name ?? null, requestedAt: dateOf(r.requested_at),
    requestReason: r.request_reason ?? null, requestedAgainstNumber: r.requested_against ?? null,
  };
}

/**
 * Policy versions (#23) as the privacy manager sees and drafts them. A draft is a copy of a version that is
 * edited whole (updateDraft replaces its document after validation) and decides nothing; publication is the
 * second person's act (phase 2). Every draft's creation and change is a CHANGE entry in the trail, in the same
 * transaction.
 */
export class PolicyVersionService {
  constructor(private readonly ctx: RequestContext) {}

  async list(state?: PolicyVersionState | null): Promise<PolicyVersion[]> {
    const rows = await this.ctx.em.execute<VersionRow[]>(`${SELECT} ${state ? 'where v.state = ?' : ''} order by v.number desc nulls first, v.id desc`, state ? [state] : []);
    return rows.map(view);
  }

  async get(id: unknown): Promise<PolicyVersion> {
    const [row] = await this.ctx.em.execute<VersionRow[]>(`${SELECT} where v.id = ?`, [idOf(id)]);
    if (!row) throw notFound('PolicyVersion');
    return view(row);
  }

  /** A draft copied from the version with id `fromId` (NOT_FOUND when there is none). */
  async createDraft(fromId: unknown): Promise<PolicyVersion> {
    const [from] = await this.ctx.em.execute(`select id, number, document from policy_version where id = ?`, [idOf(fromId, 'fromVersion')]);
    if (!from) throw notFound('PolicyVersion');
    const doc = from.document as PolicyDocument;
    const me = this.ctx.actor?.staffId ?? null;
    // The creator is the draft's first editor: a copy is an edit, so its maker never approves it alone.
    const [row] = await this.ctx.em.execute(`insert into policy_version (document, hash, state, based_on, created_by, edited_by)
      values (?::jsonb, ?, 'DRAFT', ?, ?, ?) returning id`, [canonicalJson(doc), policyDocumentHash(doc), from.id, me, me]);
    await recordChange(this.ctx, {
      entity: 'PolicyVersion', entityId: row.id, subjectId: null, action: 'CREATE', reason: null,
      plan: { changes: { state: 'DRAFT', basedOnNumber: from.number, hash: policyDocumentHash(doc) }, personal: [] }, before: null,
    });
    return this.get(row.id);
  }

  /**
   * Replaces a draft's document. Refused whole (BAD_USER_INPUT, `extensions.field` the first problem's cell,
   * `extensions.problems` all of them) when the document is not valid; CONFLICT when the version is no draft.
   */
  async updateDraft(id: unknown, document: unknown): Promise<PolicyVersion> {
    const n = idOf(id);
    assertValidDocument(document);
    const [row] = await this.ctx.em.execute(`select id, state, document, hash, requested_by from policy_version where id = ? for update`, [n]);
    if (!row) throw notFound('PolicyVersion');
    if (row.state !== PolicyVersionState.DRAFT) throw conflict('公開済みのポリシー版は変更できません。草案を作成してください', 'A published or retired policy version never changes: make a draft of it', 'id');
    // What the approver approves is what was asked for: a draft awaiting approval is frozen until withdrawn or rejected.
    if (row.requested_by != null) throw conflict('公開申請中の草案は変更できません。申請を取り下げてから編集してください', 'This draft awaits approval of its publication: withdraw the request to edit it', 'id');
    const doc = document as PolicyDocument;
    const hash = policyDocumentHash(doc);
    if (hash === row.hash) return this.get(n);
    const changed = diffPolicyDocuments(row.document as PolicyDocument, doc).map((c) => c.path);
    await this.ctx.em.execute(`update policy_version set document = ?::jsonb, hash = ?, updated_at = now(), edited_by = ? where id = ?`, [canonicalJson(doc), hash, this.ctx.actor?.staffId ?? null, n]);
    await recordChange(this.ctx, {
      entity: 'PolicyVersion', entityId: n, subjectId: null, action: 'UPDATE', reason: null,
      plan: { changes: { hash, changed: changed.slice(0, 200) }, personal: [] }, before: { hash: row.hash, changed: null },
    });
    return this.get(n);
  }

  /** A draft (or any version) against the version in force: the document's changes and the answers that change. */
  async diff(id: unknown): Promise<PolicyDiff> {
    const version = await this.get(id);
    const [inForce] = await this.ctx.em.execute(`select number, document from policy_version where state = 'PUBLISHED'`);
    const against = (inForce?.document ?? seedPolicyDocument()) as PolicyDocument;
    const doc = version.document as unknown as PolicyDocument;
    return {
      draftId: version.id, againstNumber: inForce?.number ?? 1,
      changes: diffPolicyDocuments(against, doc).map((c) => ({ ...c, added: c.added ?? [], removed: c.removed ?? [], text: changeText(c, against, doc) })),
      cells: effectiveChanges(against, doc),
    };
  }
}
