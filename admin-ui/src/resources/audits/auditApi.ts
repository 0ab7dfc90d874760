import { gql } from '@apollo/client';
import { BOM } from '../../export/csv';
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

/**
 * The report has no script and needs none: a policy forbidding any keeps it inert even if a name in it
 * (a staff member, a contractor) held markup. It opens under this app's origin, next to the session.
 */
const NO_SCRIPTS = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`;

function inert(html: string): string {
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => `${head}${NO_SCRIPTS}`) : `${NO_SCRIPTS}${html}`;
}

/** The CSV, as a download with a BOM (Excel in Japan reads UTF-8 only with it). */
export async function downloadAuditCsv(id: string): Promise<string> {
  const file = await fetchExport(id, 'CSV');
  const text = file.content.startsWith(BOM) ? file.content : `${BOM}${file.content}`;
  saveBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), file.filename);
  return file.filename;
}

/**
 * The printable report in a new tab. The tab is opened at the click (a tab opened after the request
 * returns would be taken for a pop-up and blocked), then given the report as a Blob URL.
 */
export async function openAuditReport(id: string): Promise<void> {
  const tab = window.open('', '_blank');
  try {
    const file = await fetchExport(id, 'HTML');
    const url = URL.createObjectURL(new Blob([inert(file.content)], { type: 'text/html;charset=utf-8' }));
    if (tab) {
      tab.opener = null;
      tab.location.href = url;
    } else {
      window.open(url, '_blank', 'noopener');
    }
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    tab?.close();
    throw error;
  }
}
