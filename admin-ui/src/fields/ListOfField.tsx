import { useRecordContext, useTranslate } from 'react-admin';

/** A list of keys, each by its label under `prefix` (e.g. roles, purposes), joined with 、. */
export function ListOfField({ source, prefix }: { source: string; prefix: string; label?: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const value = record?.[source];
  if (!Array.isArray(value) || value.length === 0) return null;
  return <span data-field={source}>{value.map((key) => translate(`${prefix}.${String(key)}`, { _: String(key) })).join('、')}</span>;
}
