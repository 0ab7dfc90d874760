import { gql } from '@apollo/client';
import { BOM } from '../../export/csv';
import { openHtmlReport } from '../../export/openHtmlReport';
import { saveBlob } from '../../export/saveFile';
import { graphqlClient } from '../../providers/graphqlClient';

export type LeakReportStage = 'PRELIMINARY' | 'FINAL';

const REPORT = gql`
  query leakReport($id: ID!, $stage: LeakReportStage!, $format: LeakReportFormat!) {
    leakReport(id: $id, stage: $stage, format: $format) { filename contentType content }
  }
`;

async function fetchReport(id: string, stage: LeakReportStage, format: 'HTML' | 'CSV') {
  const { data } = await graphqlClient.query<{ leakReport: { filename: string; content: string } }>({
    query: REPORT, variables: { id, stage, format }, fetchPolicy: 'no-cache',
  });
  return data.leakReport;
}

/** The printable report (施行規則第8条) in a new tab. */
export async function openLeakReport(id: string, stage: LeakReportStage): Promise<void> {
  await openHtmlReport(async () => (await fetchReport(id, stage, 'HTML')).content);
}

export async function downloadLeakReportCsv(id: string, stage: LeakReportStage): Promise<void> {
  const file = await fetchReport(id, stage, 'CSV');
  saveBlob(new Blob([file.content.startsWith(BOM) ? file.content : `${BOM}${file.content}`], { type: 'text/csv;charset=utf-8' }), file.filename);
}
