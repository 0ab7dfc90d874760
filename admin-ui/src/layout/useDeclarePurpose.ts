import { useQueryClient } from '@tanstack/react-query';
import { useNotify, useTranslate } from 'react-admin';
import type { PurposeKey } from '../../../schema/policy';
import { getPurpose, setPurpose } from '../providers/session';

/**
 * Declares another purpose: everything read under the previous one is dropped and read again under
 * the new one, and the user is told. Used by the app bar's picker and by screens that need one purpose.
 */
export function useDeclarePurpose() {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const translate = useTranslate();
  return (next: PurposeKey) => {
    if (next === getPurpose()) return;
    setPurpose(next);
    // Reset, not just invalidate: nothing read under the previous purpose stays on screen. What
    // may be opened (canAccess) depends on the purpose too; who the user is does not.
    void queryClient.resetQueries({
      predicate: ({ queryKey: [scope, kind] }) => scope !== 'auth' || kind === 'canAccess',
    });
    notify('mamori.purpose.changed', { type: 'info', messageArgs: { purpose: translate(`mamori.purposes.${next}`) } });
  };
}
