import { useRecordContext, useTranslate } from 'react-admin';

/** 顧客 C0000001: the customer number, never the name (titles end up in browser history and tabs). */
export function CustomerTitle() {
  const record = useRecordContext();
  const translate = useTranslate();
  return <>{`${translate('resources.Customer.name', { smart_count: 1 })} ${record?.customerNumber ?? ''}`}</>;
}
