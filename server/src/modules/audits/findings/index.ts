import { findClearReadVolume } from './clear-read-volume';
import { findComplaintsOverdue } from './complaints-overdue';
import { findContractorAccountAfterLapse } from './contractor-account-after-lapse';
import { findContractorAgreements } from './contractor-agreements';
import { findLeakReportsOverdue } from './leak-reports-overdue';
import { findManyReaders } from './many-readers';
import { findMarketingConsent } from './marketing-consent';
import { findOutOfHours } from './out-of-hours';
import { findPrivacyRequestsOverdue } from './privacy-requests-overdue';
import { findPrivilegedGrants } from './privileged-grants';
import { findPurposeMismatch } from './purpose-mismatch';
import { findRetentionNotSwept } from './retention-sweep';
import { findSensitiveWithoutConsent } from './sensitive-without-consent';
import { findTrailArchiveOverdue } from './trail-archive-overdue';
import { findTrailChain } from './trail-chain';
import type { AuditRun, FindingDraft, FindingGenerator } from './types';

/** Every check an audit run makes (【13】), in report order: the trail first, then the records. */
export const FINDING_GENERATORS: readonly FindingGenerator[] = [
  findClearReadVolume, findOutOfHours, findPurposeMismatch, findManyReaders, findContractorAccountAfterLapse, findMarketingConsent,
  findPrivilegedGrants, findContractorAgreements, findPrivacyRequestsOverdue, findLeakReportsOverdue, findComplaintsOverdue, findSensitiveWithoutConsent, findRetentionNotSwept, findTrailArchiveOverdue, findTrailChain,
];

export async function generateFindings(run: AuditRun): Promise<FindingDraft[]> {
  const all: FindingDraft[] = [];
  for (const generate of FINDING_GENERATORS) all.push(...await generate(run));
  return all;
}

export type { AuditRun, AuditScope, FindingDraft } from './types';
export { jstMidnight, addDays, jstDay } from './types';
