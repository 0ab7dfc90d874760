import { gql } from '@apollo/client';
import { graphqlClient } from '../../providers/graphqlClient';

export interface RetentionPeriod { kind: string; label: string; months: number; setting: string; countedFrom: string; action: string; basis: string }
export interface RetentionDue { kind: string; dueNow: number; dueWithin: number; nextDueAt: string | null }
export interface LiveSweep { recordings: number; recordingFiles: number; transcripts: number; consents: number; requesterContacts: number; complainantContacts: number; consentEvidence: number; dormantCustomers: number; dormantLeft: number; confirmed: boolean }

/** The live-data schedule (APPI art. 22) and what falls due within `days` days. */
export async function loadLiveRetention(days: number): Promise<{ periods: RetentionPeriod[]; due: RetentionDue[] }> {
  const { data } = await graphqlClient.query<{ retentionSchedule: { periods: RetentionPeriod[] }; retentionDue: RetentionDue[] }>({
    query: gql`query liveRetention($d: Int!) { retentionSchedule { periods { kind label months setting countedFrom action basis } }
      retentionDue(days: $d) { kind dueNow dueWithin nextDueAt } }`,
    variables: { d: days }, fetchPolicy: 'no-cache',
  });
  return { periods: data.retentionSchedule.periods, due: data.retentionDue };
}

/** Saves periods by their argument names (recordingsMonths…); the server refuses a bad one naming it, nothing saved. */
export async function saveLiveRetention(months: Record<string, number>): Promise<void> {
  await graphqlClient.mutate({
    mutation: gql`mutation saveLiveRetention($r: Int, $t: Int, $d: Int, $c: Int, $q: Int, $k: Int, $e: Int) {
      updateRetentionSchedule(recordingsMonths: $r, transcriptsMonths: $t, dormantCustomerMonths: $d, consentHistoryMonths: $c, requesterContactMonths: $q,
        complainantContactMonths: $k, consentEvidenceMonths: $e) { updatedAt } }`,
    variables: { r: months.recordingsMonths, t: months.transcriptsMonths, d: months.dormantCustomerMonths, c: months.consentHistoryMonths, q: months.requesterContactMonths,
      k: months.complainantContactMonths, e: months.consentEvidenceMonths },
  });
}

export async function sweepLiveData(): Promise<LiveSweep> {
  const { data } = await graphqlClient.mutate<{ sweepLiveData: LiveSweep }>({
    mutation: gql`mutation sweepLiveData { sweepLiveData { recordings recordingFiles transcripts consents requesterContacts complainantContacts consentEvidence dormantCustomers dormantLeft confirmed } }`,
  });
  return data!.sweepLiveData;
}
