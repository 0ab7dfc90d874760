import { gql } from '@apollo/client';
import { BOM } from '../../export/csv';
import { openHtmlReport } from '../../export/openHtmlReport';
import { saveBlob } from '../../export/saveFile';
import { graphqlClient } from '../../providers/graphqlClient';

const RUN = gql`
  mutation runAudit($id: ID!) {
    runAudit(id: $id) { id status lastRunAt findingCount }
  }
`;
const EXPORT = gql`
  query auditExport($id: ID!, $format: AuditExportFormat!) {
    auditExport(id: $id, format: $format) { filename contentType content }
  }
`;

export type AuditExportFormat = 'CSV' | 'HTML';

interface AuditExport { filename: string; contentType: string; content: string }

/** Generates the findings of the audit's scope (replacing an earlier run's). */
export async function runAudit(id: string): Promise<void> {
  await graphqlClient.mutate({ mutation: RUN, variables: { id } });
}

async function fetchExport(id: string, format: AuditExportFormat): Promise<AuditExport> {
  const { data } = await graphqlClient.query<{ auditExport: AuditExport }>({ query: EXPORT, variables: { id, format } });
  return data.auditExport;
}

/** The CSV, as a download with a BOM (Excel in Japan reads UTF-8 only with it). */
export async function downloadAuditCsv(id: string): Promise<string> {
  const file = await fetchExport(id, 'CSV');
  const text = file.content.startsWith(BOM) ? file.content : `${BOM}${file.content}`;
  saveBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), file.filename);
  return file.filename;
}

/** The printable report in a new tab. */
export async function openAuditReport(id: string): Promise<void> {
  await openHtmlReport(async () => (await fetchExport(id, 'HTML')).content);
}
