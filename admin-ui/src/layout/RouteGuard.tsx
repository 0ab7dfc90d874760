import { Alert, Card, CardContent } from '@mui/material';
import type { ReactNode } from 'react';
import { Title, useCanAccess, useTranslate } from 'react-admin';

/**
 * A page opened by URL that the role may not use says so, and does nothing else: no purpose is declared,
 * nothing is read, the menu stays as it was (the decision is the policy's, through authProvider.canAccess).
 */
export function RouteGuard({ resource, children }: { resource: string; children: ReactNode }) {
  const translate = useTranslate();
  const { canAccess, isPending } = useCanAccess({ resource, action: 'list' });
  if (isPending) return null;
  if (canAccess) return <>{children}</>;
  return (
    <Card sx={{ mt: 1 }}>
      <Title title={translate('mamori.pageRefused.title')} />
      <CardContent>
        <Alert severity="error" data-testid="page-refused">{translate('mamori.pageRefused.text')}</Alert>
      </CardContent>
    </Card>
  );
}
