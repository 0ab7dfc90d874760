// The admin UI's Japanese words on the server, for files a person reads (the disclosure ZIP): the same
// labels the screens show, from admin-ui/src/i18n/ja.ts and schema/policy, never a second copy.
import type { TranslateFunction } from 'react-admin';
import { ja } from '../../../admin-ui/src/i18n/ja';
import { operationLabel } from '../../../admin-ui/src/fields/trailLabels';

/**
 * react-admin's translate over ja.ts, as far as the shared label code uses it: a dotted key, `%{name}`
 * interpolation, `smart_count` choosing between `singular |||| plural`, and `_` when the key is missing.
 */
export const translateJa: TranslateFunction = (key: string, options: Record<string, any> = {}) => {
  const found = key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), ja);
  if (typeof found !== 'string') return options._ ?? key;
  const forms = found.split(' |||| ');
  const text = options.smart_count !== undefined && forms.length > 1 && options.smart_count !== 1 ? forms[1] : forms[0];
  return text.replace(/%\{(\w+)\}/g, (whole, name: string) => (options[name] !== undefined ? String(options[name]) : whole));
};

/** A GraphQL operation in the words the trail explorer shows (`allCustomers` → 顧客の一覧); unknown names as they are. */
export const operationInJapanese = (operation: string | null | undefined): string => operationLabel(operation, translateJa);
