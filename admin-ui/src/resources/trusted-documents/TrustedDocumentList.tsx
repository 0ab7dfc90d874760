import { gql } from '@apollo/client';
import { Box, Button, Stack } from '@mui/material';
import {
  DataTable, DateField, Labeled, SelectField, SelectInput, Show, SimpleShowLayout, TextField, TextInput, TopToolbar, useLocale, useNotify,
  usePermissions, useRecordContext, useRefresh, useTranslate,
} from 'react-admin';
import { hasLoginPower, type LoginPower } from '../../../../schema/policy';
import { apiErrorOf } from '../../providers/apiErrors';
import { graphqlClient } from '../../providers/graphqlClient';
import { ColumnsList } from '../../lists/ColumnsList';

const STATUSES = ['PENDING', 'APPROVED', 'REVOKED'] as const;
const useStatusChoices = () => {
  const translate = useTranslate();
  return STATUSES.map((id) => ({ id, name: translate(`mamori.trusted.status.${id}`) }));
};

function Filters() {
  return [
    <SelectInput key="status" source="status" choices={useStatusChoices()} alwaysOn />,
    <TextInput key="apiKeyId" source="apiKeyId" />,
  ];
}

/** Registered documents, pending ones first to the privacy manager's eye (filter PENDING). Reads what its columns show. */
export function TrustedDocumentList() {
  const statuses = useStatusChoices();
  return (
    <ColumnsList filters={Filters()} sort={{ field: 'registeredAt', order: 'DESC' }} hiddenColumns={['hash', 'approvedAt']} table={{ rowClick: 'show' }}>
      <DataTable.Col source="id" />
      <DataTable.Col source="apiKeyId" />
      <DataTable.Col source="operations" disableSort render={(r: { operations: string[] }) => r.operations.join(', ')} />
      <DataTable.Col source="purpose" disableSort />
      <DataTable.Col source="note" disableSort />
      <DataTable.Col source="status" disableSort><SelectField source="status" choices={statuses} /></DataTable.Col>
      <DataTable.Col source="registeredAt"><DateField source="registeredAt" showTime /></DataTable.Col>
      <DataTable.Col source="approvedAt"><DateField source="approvedAt" showTime /></DataTable.Col>
      <DataTable.Col source="hash" disableSort />
    </ColumnsList>
  );
}

const ACTIONS: Record<'approve' | 'revoke', { mutation: ReturnType<typeof gql>; power: LoginPower; offered: (status: string) => boolean }> = {
  approve: {
    mutation: gql`mutation approveTrustedDocument($id: ID!) { approveTrustedDocument(id: $id) { id } }`,
    power: 'approveTrustedDocuments', offered: (status) => status === 'PENDING',
  },
  revoke: {
    mutation: gql`mutation revokeTrustedDocument($id: ID!) { revokeTrustedDocument(id: $id) { id } }`,
    power: 'revokeTrustedDocuments', offered: (status) => status !== 'REVOKED',
  },
};

/** Approve or revoke, offered to whoever holds the power (schema/policy LOGIN_POWERS); the server decides. */
function DocumentActions() {
  const record = useRecordContext<{ id: string; status: string }>();
  const { permissions } = usePermissions<{ role: string }>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const locale = useLocale();
  if (!record) return null;
  const offered = (Object.keys(ACTIONS) as (keyof typeof ACTIONS)[])
    .filter((a) => hasLoginPower(permissions?.role, ACTIONS[a].power) && ACTIONS[a].offered(record.status));
  const run = async (action: keyof typeof ACTIONS) => {
    try {
      await graphqlClient.mutate({ mutation: ACTIONS[action].mutation, variables: { id: record.id } });
      notify(`mamori.trusted.${action}_done`, { type: 'success' });
      refresh();
    } catch (e) {
      notify(apiErrorOf(e, locale).message, { type: 'error' });
    }
  };
  return (
    <TopToolbar>
      <Stack direction="row" spacing={1}>
        {offered.map((a) => (
          <Button key={a} variant={a === 'approve' ? 'contained' : 'outlined'} color={a === 'approve' ? 'primary' : 'warning'} onClick={() => run(a)}>
            {translate(`mamori.trusted.${a}`)}
          </Button>
        ))}
      </Stack>
    </TopToolbar>
  );
}

/** One document as it will run, word for word, with what it is for and who registered and approved it. */
export function TrustedDocumentShow() {
  const statuses = useStatusChoices();
  return (
    <Show actions={<DocumentActions />}>
      <SimpleShowLayout>
        <TextField source="note" />
        <TextField source="apiKeyId" />
        <TextField source="purpose" emptyText="—" />
        <SelectField source="status" choices={statuses} />
        <DocumentText />
        <TextField source="hash" />
        <DateField source="registeredAt" showTime />
        <DateField source="approvedAt" showTime emptyText="—" />
        <DateField source="revokedAt" showTime emptyText="—" />
      </SimpleShowLayout>
    </Show>
  );
}

function DocumentText() {
  const record = useRecordContext<{ document: string }>();
  return (
    <Labeled label="resources.TrustedDocument.fields.document">
    <Box component="pre" data-testid="trusted-document-text" sx={{ fontFamily: 'monospace', whiteSpace: 'pre-wrap', bgcolor: 'action.hover', p: 2, borderRadius: 1, m: 0 }}>
      {record?.document}
    </Box>
    </Labeled>
  );
}
