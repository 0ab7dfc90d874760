import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { entryFromRequest } from '../../trail/trail-context';
import { appendTrail } from '../../trail/trail-writer';
import { trailUnavailable } from '../../common/errors';
import type { RequestContext } from '../../context';
import { Contractor } from '../contractor/contractor.entity';
import { Staff } from '../staff/staff.entity';
import { auditCsv, auditHtml } from './audit-export';
import { type AuditExport, AuditExportFormat } from './audit.inputs';
import { AuditService } from './audit.service';
import { triageOf } from './finding-triage';
import { jstDay } from './findings';

const FORMATS = {
  [AuditExportFormat.CSV]: { render: auditCsv, contentType: 'text/csv; charset=utf-8', ext: 'csv' },
  [AuditExportFormat.HTML]: { render: auditHtml, contentType: 'text/html; charset=utf-8', ext: 'html' },
};

/**
 * An audit as a CSV file or a printable report. The export is written to the trail (who, which audit,
 * which format, the content's hash) before the text is returned: no export without its entry.
 */
export async function exportAudit(ctx: RequestContext, id: unknown, format: AuditExportFormat): Promise<AuditExport> {
  const service = new AuditService(ctx);
  service.assertMay('read');
  const audit = await service.get(id);
  const findings = await service.findings(audit.id);
  const worked = await Promise.all(findings.map(async (f) => [f.id, await triageOf(ctx, f)] as const));
  const triage = new Map(worked.map(([id, t]) => [id, {
    status: t.status, ownerId: t.ownerId, dueOn: t.dueOn, acceptRuleId: t.acceptRuleId, lastComment: t.comments.at(-1)?.body ?? null,
  }]));
  const staffIds = [...new Set([...findings.map((f) => f.staffId), ...worked.map(([, t]) => t.ownerId), audit.auditor?.id]
    .filter((v): v is number => v != null))];
  const contractorIds = [...new Set([...findings.map((f) => f.contractorId), ...audit.contractorIds].filter((v): v is number => v != null))];
  const staff = await ctx.em.find(Staff, { id: { $in: staffIds } });
  const contractors = await ctx.em.find(Contractor, { id: { $in: contractorIds } });
  const staffNames = new Map(staff.map((s) => [s.id, s.name]));
  const exportedAt = new Date();
  const { render, contentType, ext } = FORMATS[format];
  const content = render(audit, findings, {
    auditorName: audit.auditor ? staffNames.get(audit.auditor.id) ?? null : null, staffNames,
    contractorNames: new Map(contractors.map((c) => [c.id, c.name])), exportedAt, triage,
  });
  const sha256 = createHash('sha256').update(content).digest('hex');
  const filename = `audit-${audit.id}-${jstDay(exportedAt).replace(/-/g, '')}.${ext}`;
  try {
    await ctx.em.fork().transactional((em) => appendTrail(em as EntityManager, [{
      ...entryFromRequest(ctx, 'ACCESS', 'auditExport'), customerId: null, clearFields: [], maskedFields: [],
      detail: { auditExport: { auditId: audit.id, format, filename, findings: findings.length, sha256 } },
    }]));
  } catch {
    throw trailUnavailable();
  }
  return { filename, contentType, content, sha256 };
}
