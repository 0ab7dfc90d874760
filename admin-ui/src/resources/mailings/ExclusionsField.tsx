import { Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { Selecting } from '../../fields/selection';

interface Exclusion { reason: string; count: number }

/**
 * Why a mailing house's list is shorter than the recipients handed over: counts by reason (use stopped, consent
 * withdrawn, no guardian consent), never who (server modules/mailing/exclusions.ts).
 */
export const ExclusionsField: Selecting<{ source: string }> = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const excluded = (record?.excluded ?? []) as Exclusion[];
  const text = excluded.length
    ? excluded.map((e) => `${translate(`mamori.enums.mailingExclusion.${e.reason}`, { _: e.reason })} ${e.count} 件`).join('・')
    : translate('mamori.mailing.noneExcluded');
  return <Typography variant="body2" component="span" data-field="excluded.reason excluded.count">{text}</Typography>;
};
ExclusionsField.selects = () => ['excluded.reason', 'excluded.count'];
