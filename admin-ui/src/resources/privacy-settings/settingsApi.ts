import { gql } from '@apollo/client';
import { graphqlClient } from '../../providers/graphqlClient';

export interface RetentionRule { id: string; law: string; startLabel: string; years: number; lossYears: number | null; applies: boolean }
export interface LegalSettings { fiscalYearEnd: string; entityType: string; lossFiscalYears: number[]; filingDeadlineMonths: number; trailRetentionMonths: number; rules: RetentionRule[] }
export interface RequestFee { kind: string; feeYen: number; chargeable: boolean }
export interface SensitiveTerm { id: string | null; term: string; kind: string; kindLabel: string; builtIn: boolean }

const LEGAL = `fiscalYearEnd entityType lossFiscalYears filingDeadlineMonths trailRetentionMonths rules { id law startLabel years lossYears applies }`;

export async function loadAll(): Promise<{ legal: LegalSettings; fees: RequestFee[]; terms: SensitiveTerm[] }> {
  const { data } = await graphqlClient.query<{ legalRetentionSettings: LegalSettings; requestFees: RequestFee[]; sensitiveTerms: SensitiveTerm[] }>({
    query: gql`query privacySettings { legalRetentionSettings { ${LEGAL} } requestFees { kind feeYen chargeable } sensitiveTerms { id term kind kindLabel builtIn } }`,
    fetchPolicy: 'no-cache',
  });
  return { legal: data.legalRetentionSettings, fees: data.requestFees, terms: data.sensitiveTerms };
}

export async function saveLegal(v: Omit<LegalSettings, 'rules'>): Promise<void> {
  await graphqlClient.mutate({
    mutation: gql`mutation saveLegal($fy: String, $e: EntityType, $loss: [Int!], $m: Int, $t: Int) {
      updateLegalRetentionSettings(fiscalYearEnd: $fy, entityType: $e, lossFiscalYears: $loss, filingDeadlineMonths: $m, trailRetentionMonths: $t) { fiscalYearEnd } }`,
    variables: { fy: v.fiscalYearEnd, e: v.entityType, loss: v.lossFiscalYears, m: v.filingDeadlineMonths, t: v.trailRetentionMonths },
  });
}

export async function saveFees(fees: { kind: string; feeYen: number }[]): Promise<void> {
  await graphqlClient.mutate({ mutation: gql`mutation saveFees($f: [RequestFeeInput!]!) { setRequestFees(fees: $f) { kind } }`, variables: { f: fees } });
}

export async function addTerm(term: string, kind: string): Promise<void> {
  await graphqlClient.mutate({ mutation: gql`mutation addTerm($t: String!, $k: SensitiveKind!) { addSensitiveTerm(term: $t, kind: $k) { id } }`, variables: { t: term, k: kind } });
}

export async function removeTerm(id: string): Promise<void> {
  await graphqlClient.mutate({ mutation: gql`mutation removeTerm($id: ID!) { removeSensitiveTerm(id: $id) }`, variables: { id } });
}

export async function sweep(): Promise<{ customers: number; interactions: number }> {
  const { data } = await graphqlClient.mutate<{ sweepSensitiveText: { customers: number; interactions: number } }>({
    mutation: gql`mutation sweep { sweepSensitiveText { customers interactions } }`,
  });
  return data!.sweepSensitiveText;
}
