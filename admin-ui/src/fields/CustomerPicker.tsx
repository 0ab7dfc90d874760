import { AutocompleteInput, ReferenceInput, required as requiredValue, type RaRecord } from 'react-admin';
import { CUSTOMER_NUMBER_ONLY } from './sparse';

/** What a customer choice reads: its number, 氏名 and フリガナ (as the purpose lets this role see them), nothing else. */
export const CUSTOMER_CHOICE = { meta: { sparseFields: ['id', 'customerNumber', 'name', 'nameKana'] } };

/** `C0000012 中村 花子（ナカムラ ハナコ）`: the number people quote and the name they recognise. */
export const customerChoiceText = (r: RaRecord | undefined): string =>
  r ? [r.customerNumber, r.name, r.nameKana ? `（${r.nameKana}）` : ''].filter(Boolean).join(' ') : '';

/**
 * Picks a customer by number, name, reading (hiragana too), phone's last digits or e-mail (the server's `q`).
 * Nothing is read before two characters are typed: opening the picker lists nobody's data.
 */
export function CustomerPicker({ source = 'customerId', required = false, alwaysOn, numberOnly = false }: {
  source?: string; required?: boolean; alwaysOn?: boolean;
  /** Browsing the trail reads no one's data: the filter picks by number alone. */
  numberOnly?: boolean;
}) {
  return (
    <ReferenceInput
      source={source}
      reference="Customer"
      queryOptions={numberOnly ? CUSTOMER_NUMBER_ONLY : CUSTOMER_CHOICE}
      enableGetChoices={({ q }: { q?: string }) => typeof q === 'string' && q.trim().length >= 2}
      {...(alwaysOn === undefined ? {} : { alwaysOn })}
    >
      <AutocompleteInput
        optionText={numberOnly ? 'customerNumber' : customerChoiceText}
        filterToQuery={(q: string) => ({ q })}
        validate={required ? requiredValue() : undefined}
        sx={{ minWidth: 320 }}
      />
    </ReferenceInput>
  );
}
