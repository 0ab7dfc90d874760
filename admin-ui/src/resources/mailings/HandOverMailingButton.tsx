import { gql } from '@apollo/client';
import { MenuItem, Select } from '@mui/material';
import { useState } from 'react';
import { Button, useNotify, usePermissions, useRecordContext, useRefresh, useTranslate, type RaRecord } from 'react-admin';
import { canAccessResource, type Permissions } from '../../access';
import { graphqlClient } from '../../providers/graphqlClient';
import { useCurrentPurpose } from '../../providers/session';
import { useHandoverContractors } from '../handover/useHandoverContractors';

const HAND_OVER = gql`
  mutation handOverMailing($mailingId: ID!, $contractorId: ID!) { handOverMailing(mailingId: $mailingId, contractorId: $contractorId) { id status } }
`;

/** A draft's handover to one mailing house, under the mailing's own purpose; shown only to who may update mailings. */
export function HandOverMailingButton() {
  const record = useRecordContext();
  const { permissions } = usePermissions<Permissions>();
  const purpose = useCurrentPurpose();
  const allowed = record?.status === 'DRAFT' && record?.purpose === purpose && canAccessResource(permissions, 'Mailing', 'edit', purpose);
  return allowed ? <HandOverControls record={record} /> : null;
}

function HandOverControls({ record }: { record: RaRecord }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [contractorId, setContractorId] = useState('');
  const contractors = useHandoverContractors('MAILING');
  const handOver = async (e: React.MouseEvent) => {
    e.stopPropagation();
    try {
      await graphqlClient.mutate({ mutation: HAND_OVER, variables: { mailingId: record.id, contractorId } });
      notify('mamori.mailing.handedOver', { type: 'info' });
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  return (
    <span onClick={(e) => e.stopPropagation()}>
      <Select size="small" value={contractorId} displayEmpty onChange={(e) => setContractorId(String(e.target.value))}>
        <MenuItem value="" disabled>{translate('mamori.mailing.chooseHouse')}</MenuItem>
        {contractors.map((c) => <MenuItem key={c.id} value={c.id}>{c.name}</MenuItem>)}
      </Select>
      <Button label="mamori.mailing.handOver" onClick={handOver} disabled={!contractorId} />
    </span>
  );
}
