import { gql } from '@apollo/client';
import { graphqlClient } from '../../providers/graphqlClient';
import { getPurpose, getToken } from '../../providers/session';

/** A produced disclosure file waiting for its one download (server DownloadTicket). */
export interface DownloadTicket {
  url: string;
  fileName: string;
  bytes: number;
  expiresAt: string;
  categories: string[];
}

const FULFIL_DISCLOSURE = gql`
  mutation fulfilDisclosureRequest($requestId: ID!, $reason: String) {
    fulfilDisclosureRequest(requestId: $requestId, reason: $reason) { url fileName bytes expiresAt categories }
  }
`;
const FULFIL_STOP = gql`
  mutation fulfilStopRequest($requestId: ID!) {
    fulfilStopRequest(requestId: $requestId) { id status }
  }
`;
const FULFIL_FOREIGN_MEASURES = gql`
  mutation fulfilForeignMeasuresRequest($requestId: ID!) {
    fulfilForeignMeasuresRequest(requestId: $requestId) { id status outcome }
  }
`;
/** The two-person erasure's acts (server erasure.service.ts); each takes a reason the server records. */
export type ErasureAct = 'requestErasure' | 'approveErasure' | 'rejectErasure' | 'withdrawErasure';
const ERASURE_ACTS: Record<ErasureAct, ReturnType<typeof gql>> = {
  requestErasure: gql`mutation requestErasure($requestId: ID!, $reason: String!) { requestErasure(requestId: $requestId, reason: $reason) { id status } }`,
  approveErasure: gql`mutation approveErasure($requestId: ID!, $reason: String!, $askedAt: DateTimeISO) {
    approveErasure(requestId: $requestId, reason: $reason, askedAt: $askedAt) { requestId } }`,
  rejectErasure: gql`mutation rejectErasure($requestId: ID!, $reason: String!, $askedAt: DateTimeISO) {
    rejectErasure(requestId: $requestId, reason: $reason, askedAt: $askedAt) { id status } }`,
  withdrawErasure: gql`mutation withdrawErasure($requestId: ID!, $reason: String!) { withdrawErasure(requestId: $requestId, reason: $reason) { id status } }`,
};

/** The customer fields a correction may change (the server's fulfilCorrectionRequest arguments, personal ones). */
export const CORRECTABLE_FIELDS = [
  'name', 'nameKana', 'postalCode', 'prefecture', 'city', 'addressLine', 'phone', 'email', 'birthDate', 'gender', 'occupation', 'lifestyle',
] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

const FULFIL_CORRECTION = gql`
  mutation fulfilCorrectionRequest(
    $requestId: ID!, $reason: String, $name: String, $nameKana: String, $postalCode: String, $prefecture: String, $city: String,
    $addressLine: String, $phone: String, $email: String, $birthDate: String, $gender: Gender, $occupation: String, $lifestyle: String
  ) {
    fulfilCorrectionRequest(
      requestId: $requestId, reason: $reason, name: $name, nameKana: $nameKana, postalCode: $postalCode, prefecture: $prefecture,
      city: $city, addressLine: $addressLine, phone: $phone, email: $email, birthDate: $birthDate, gender: $gender,
      occupation: $occupation, lifestyle: $lifestyle
    ) { id status }
  }
`;

/** Makes the file; `reason` says why a file made earlier and not yet downloaded is made again (its link is revoked). */
export async function fulfilDisclosure(requestId: string, reason?: string): Promise<DownloadTicket> {
  const { data } = await graphqlClient.mutate<{ fulfilDisclosureRequest: DownloadTicket }>({
    mutation: FULFIL_DISCLOSURE, variables: { requestId, reason: reason || undefined },
  });
  return data!.fulfilDisclosureRequest;
}

export async function fulfilCorrection(requestId: string, values: Partial<Record<CorrectableField, string>>, reason: string): Promise<void> {
  await graphqlClient.mutate({ mutation: FULFIL_CORRECTION, variables: { requestId, reason: reason || undefined, ...values } });
}

export async function fulfilStop(requestId: string): Promise<void> {
  await graphqlClient.mutate({ mutation: FULFIL_STOP, variables: { requestId } });
}

/** Art. 28(3): the answer (recipients abroad, their country's system and measures) is kept as the request's `outcome`. */
export async function fulfilForeignMeasures(requestId: string): Promise<void> {
  await graphqlClient.mutate({ mutation: FULFIL_FOREIGN_MEASURES, variables: { requestId } });
}

/** One act of the two-person erasure; once approved, the deletion's report is the request's `outcome`, which the page shows. */
/** `askedAt`: the ask shown (erasureRequestedAt); the server refuses a decision on an ask made again since. */
export async function erasureAct(act: ErasureAct, requestId: string, reason: string, askedAt?: string | null): Promise<void> {
  await graphqlClient.mutate({ mutation: ERASURE_ACTS[act], variables: { requestId, reason, ...(askedAt ? { askedAt } : {}) } });
}

/** The download failed with this HTTP status (410: already taken or expired). */
export class DownloadRefused extends Error {
  constructor(readonly status: number) {
    super(`download refused (${status})`);
  }
}

/**
 * Takes the file, once: a GET with the same Authorization and purpose as the API (a plain link could
 * not send them), read into a Blob. The server empties the file as it hands it over.
 */
export async function takeDisclosureFile(ticket: DownloadTicket): Promise<Blob> {
  const token = getToken();
  const purpose = getPurpose();
  const response = await fetch(ticket.url, {
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(purpose ? { 'X-Purpose': purpose } : {}) },
    cache: 'no-store',
  });
  if (!response.ok) throw new DownloadRefused(response.status);
  return response.blob();
}
