import { gql } from '@apollo/client';
import { useEffect, useState } from 'react';
import { graphqlClient } from '../../providers/graphqlClient';
import { useCurrentPurpose } from '../../providers/session';

export type HandoverKind = 'SHIPMENT' | 'COLLECTION_CASE' | 'MAILING';
export interface HandoverContractor { id: string; name: string; agreementExpiresAt: string | null }

const CONTRACTORS = gql`
  query handoverContractors($kind: HandoverKind!) { handoverContractors(kind: $kind) { id name agreementExpiresAt } }
`;

/** The contractors the server offers for this kind of work now (right service, live agreement), for the purpose declared. */
export function useHandoverContractors(kind: HandoverKind): HandoverContractor[] {
  const purpose = useCurrentPurpose();
  const [found, setFound] = useState<HandoverContractor[]>([]);
  useEffect(() => {
    let live = true;
    graphqlClient.query<{ handoverContractors: HandoverContractor[] }>({ query: CONTRACTORS, variables: { kind }, fetchPolicy: 'no-cache' })
      .then(({ data }) => { if (live) setFound(data.handoverContractors); })
      .catch(() => { if (live) setFound([]); });
    return () => { live = false; };
  }, [kind, purpose]);
  return found;
}
