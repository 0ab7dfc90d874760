import { gql } from '@apollo/client';
import type { DataProvider, GetListParams, RaRecord, UpdateParams } from 'react-admin';
import { isMaskedIn } from '../fields/masking';
import { graphqlClient } from './graphqlClient';

/**
 * The `Complaint` screens (【14】): interactions of kind COMPLAINT, read through allComplaints (status,
 * owner and overdue filters, due-date sort) and changed through updateComplaint. Not a GraphQL type of
 * its own, so ra-data-graphql-simple cannot serve it.
 */
const FIELDS = `id customerId orderId channel direction kind occurredAt staffId summary maskedFields
  complaintStatus complaintOwnerId complaintDueDate complaintAgeDays complaintOverdue complaintAboutPrivacy
  complaintAnswer complaintAnsweredAt complaintClosedAt`;

const ALL_FIELDS = FIELDS.split(/\s+/);

/** The fields asked: those of `meta.sparseFields` the complaint has (what the screen shows), else all. */
function fieldsOf(meta: { sparseFields?: unknown } | undefined): string {
  const sparse = meta?.sparseFields;
  if (!Array.isArray(sparse)) return FIELDS;
  return [...new Set(['id', ...sparse.filter((f): f is string => typeof f === 'string' && ALL_FIELDS.includes(f))])].join(' ');
}

const LIST = (fields: string) => gql`
  query complaints($page: Int, $perPage: Int, $sortField: String, $sortOrder: String, $filter: ComplaintFilter) {
    items: allComplaints(page: $page, perPage: $perPage, sortField: $sortField, sortOrder: $sortOrder, filter: $filter) { ${fields} }
    total: _allComplaintsMeta(filter: $filter) { count }
  }
`;
const ONE = (fields: string) => gql`
  query complaint($id: ID!) {
    data: Interaction(id: $id) { ${fields} }
  }
`;
const UPDATE = (fields: string) => gql`
  mutation updateComplaint(
    $id: ID!, $status: ComplaintStatus, $ownerId: ID, $dueDate: String, $answer: String, $aboutPrivacy: Boolean, $reason: String
  ) {
    data: updateComplaint(
      id: $id, status: $status, ownerId: $ownerId, dueDate: $dueDate, answer: $answer, aboutPrivacy: $aboutPrivacy, reason: $reason
    ) { ${fields} }
  }
`;

/** The server's ComplaintFilter; anything else in the list's filter is not sent. */
const FILTER_KEYS = ['ids', 'customerId', 'status', 'ownerId', 'aboutPrivacy', 'overdue', 'occurredAt_gte', 'occurredAt_lte'];
/** Record field → updateComplaint argument. */
const ARGUMENTS: Record<string, string> = {
  complaintStatus: 'status', complaintOwnerId: 'ownerId', complaintDueDate: 'dueDate', complaintAnswer: 'answer',
  complaintAboutPrivacy: 'aboutPrivacy',
};

interface ListResult { items: RaRecord[]; total: { count: number } }

async function list(params: Partial<GetListParams>, filter: Record<string, unknown>) {
  const { page = 1, perPage = 25 } = params.pagination ?? {};
  const { data } = await graphqlClient.query<ListResult>({
    query: LIST(fieldsOf(params.meta)),
    variables: {
      page: page - 1, perPage, sortField: params.sort?.field, sortOrder: params.sort?.order,
      filter: Object.fromEntries(Object.entries(filter).filter(([k, v]) => FILTER_KEYS.includes(k) && v !== '' && v !== undefined)),
    },
    context: { fetchOptions: { signal: params.signal } },
  });
  return { data: data.items, total: data.total.count };
}

/** Only what changed; a masked answer is never sent back (it would overwrite the real one). */
function changes({ data, previousData }: UpdateParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, argument] of Object.entries(ARGUMENTS)) {
    if (!(field in data) || isMaskedIn(previousData, field)) continue;
    const value = data[field] === '' ? null : data[field];
    if (value !== (previousData?.[field] ?? null)) out[argument] = value;
  }
  if (typeof data.reason === 'string' && data.reason.trim()) out.reason = data.reason.trim();
  return out;
}

const unsupported = () => Promise.reject(new Error('Complaints are recorded as interactions and never deleted'));

// The results are cast: react-admin types each method for any record type the caller names.
export const complaintProvider: DataProvider = {
  getList: async (_resource, params) => (await list(params, params.filter ?? {})) as never,
  getManyReference: async (_resource, params) => (await list(params, { ...params.filter, [params.target]: params.id })) as never,
  getMany: async (_resource, { ids, signal, meta }) => {
    const { data } = await list({ pagination: { page: 1, perPage: ids.length || 1 }, signal, meta }, { ids });
    return { data } as never;
  },
  getOne: async (_resource, { id, meta }) => {
    const { data } = await graphqlClient.query<{ data: RaRecord }>({ query: ONE(fieldsOf(meta)), variables: { id } });
    return { data: data.data } as never;
  },
  update: async (_resource, params) => {
    const { data } = await graphqlClient.mutate<{ data: RaRecord }>({
      mutation: UPDATE(fieldsOf(params.meta)), variables: { id: params.id, ...changes(params) },
    });
    return { data: data!.data } as never;
  },
  create: unsupported,
  delete: unsupported,
  deleteMany: unsupported,
  updateMany: unsupported,
};
