import { Chip, Stack } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { agreementState } from './agreementState';

function useStrings(source: string): string[] {
  const value = useRecordContext()?.[source];
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' && value ? value.split(/[,、]\s*/) : [];
}

/** The data categories handed to the contractor, labelled from schema/policy. */
export function CategoriesField({ source }: { source: string; label?: string }) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {useStrings(source).map((key) => (
        <Chip key={key} size="small" label={translate(`mamori.categories.${key}`, { _: key })} />
      ))}
    </Stack>
  );
}

/** The services entrusted to the contractor (【7】). */
export function ServicesField({ source }: { source: string; label?: string }) {
  const translate = useTranslate();
  return <>{useStrings(source).map((key) => translate(`mamori.enums.contractorService.${key}`, { _: key })).join('、')}</>;
}

/** The supervision state (【8】): agreement lapsed or ending soon, review overdue; nothing when all is in order. */
export function AgreementStatusField(_props: { label?: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const state = agreementState(record as Parameters<typeof agreementState>[0]);
  const chips = [
    state.lapsed && <Chip key="lapsed" size="small" color="error" label={translate('mamori.contractor.lapsed')} data-flag="lapsed" />,
    state.expiringSoon && <Chip key="soon" size="small" color="warning" label={translate('mamori.contractor.expiringSoon')} data-flag="expiring" />,
    state.reviewOverdue && (
      <Chip key="review" size="small" color="warning" variant="outlined" label={translate('mamori.contractor.reviewOverdue')} data-flag="review" />
    ),
  ].filter(Boolean);
  const fields = 'agreementDate agreementExpiresAt lastReviewedAt';
  if (chips.length === 0) return <Chip size="small" color="success" variant="outlined" label={translate('mamori.contractor.inOrder')} data-field={fields} />;
  return <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }} data-field={fields}>{chips}</Stack>;
}

AgreementStatusField.selects = () => ['agreementDate', 'agreementExpiresAt', 'lastReviewedAt'];
