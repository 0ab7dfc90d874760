import { gql } from '@apollo/client';
import { BOM } from '../../export/csv';
import { saveBlob } from '../../export/saveFile';
import { graphqlClient } from '../../providers/graphqlClient';

export type LeakReportStage = 'PRELIMINARY' | 'FINAL';

const REPORT = gql`
  query leakReport($id: ID!, $stage: LeakReportStage!, $format: LeakReportFormat!) {
    leakReport(id: $id, stage: $stage, format: $format) { filename contentType content }
  }
`;
const NO_SCRIPTS = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`;

async function fetchReport(id: string, stage: LeakReportStage, format: 'HTML' | 'CSV') {
  const { data } = await graphqlClient.query<{ leakReport: { filename: string; content: string } }>({
    query: REPORT, variables: { id, stage, format }, fetchPolicy: 'no-cache',
  });
  return data.leakReport;
}

/** The printable report (施行規則第8条) in a new tab, opened at the click so it is not taken for a pop-up. */
export async function openLeakReport(id: string, stage: LeakReportStage): Promise<void> {
  const tab = window.open('', '_blank');
  try {
    const file = await fetchReport(id, stage, 'HTML');
    const html = file.content.replace(/<head[^>]*>/i, (head) => `${head}${NO_SCRIPTS}`);
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
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

export async function downloadLeakReportCsv(id: string, stage: LeakReportStage): Promise<void> {
  const file = await fetchReport(id, stage, 'CSV');
  saveBlob(new Blob([file.content.startsWith(BOM) ? file.content : `${BOM}${file.content}`], { type: 'text/csv;charset=utf-8' }), file.filename);
}
