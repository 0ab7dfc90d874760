/**
 * Anonymised statistics (purpose 10, "個人を識別できない形"): the rules every published number obeys.
 * The statistics service and its tests derive from these; nothing else sets them.
 */
export interface StatisticsPolicy {
  /**
   * k: the smallest group of people ever published (k-anonymity). A query may ask for a larger k, which only
   * withholds more; never below STATISTICS_MIN_K. Settable by the privacy manager later; a constant for now.
   */
  minGroupSize: number;
  /**
   * The p% dominance rule for revenue, in percent: a group whose largest customer's spending the second
   * largest could estimate to within p % is withheld (enforced by the stricter "the largest customer holds
   * more than 1 / (2 + p) of the group's revenue", which needs no second largest).
   */
  dominancePercent: number;
  /** The largest k a query may ask for. */
  maxGroupSize: number;
}

/** No policy may publish groups smaller than this. */
export const STATISTICS_MIN_K = 5;

export const STATISTICS_POLICY: StatisticsPolicy = { minGroupSize: 5, dominancePercent: 10, maxGroupSize: 1_000 };

/** What is wrong with a statistics policy (empty: valid). */
export function statisticsPolicyProblems(p: StatisticsPolicy): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(p.minGroupSize) || p.minGroupSize < STATISTICS_MIN_K) problems.push(`minGroupSize must be a whole number of at least ${STATISTICS_MIN_K}`);
  if (!Number.isInteger(p.maxGroupSize) || p.maxGroupSize < p.minGroupSize) problems.push('maxGroupSize must be a whole number of at least minGroupSize');
  if (!Number.isFinite(p.dominancePercent) || p.dominancePercent <= 0 || p.dominancePercent > 100) problems.push('dominancePercent must be more than 0 and at most 100');
  return problems;
}

// Fails closed: a policy that would publish small groups stops whatever loads it.
const problems = statisticsPolicyProblems(STATISTICS_POLICY);
if (problems.length) throw new Error(`STATISTICS_POLICY: ${problems.join('; ')}`);

/** Whether a group's revenue is dominated by its largest customer (`top`): withheld under the p% rule. */
export function revenueDominated(revenue: number, top: number, p: StatisticsPolicy = STATISTICS_POLICY): boolean {
  return revenue > 0 && top * (2 + p.dominancePercent / 100) > revenue;
}
