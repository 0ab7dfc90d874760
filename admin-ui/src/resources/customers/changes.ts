import { classifyField } from '../../../../schema/policy';
import { isMaskedIn } from '../../fields/masking';

type Values = Record<string, unknown>;

const same = (a: unknown, b: unknown) => (a ?? '') === (b ?? '') || JSON.stringify(a) === JSON.stringify(b);

/** The fields whose value the user changed. */
export function changedFields(values: Values, previous: Values | undefined): string[] {
  return Object.keys(values).filter((key) => key !== 'id' && key !== 'reason' && !same(values[key], previous?.[key]));
}

/** Whether a change touches personal data of the customer (fields.ts), which needs a reason. */
export function touchesPersonalData(values: Values, previous: Values | undefined): boolean {
  return changedFields(values, previous).some((key) => Boolean(classifyField('Customer', key)));
}

/**
 * What `updateCustomer` receives: the id, the changed fields and the reason. Masked or hidden
 * values are never sent back, so a masked value cannot overwrite the real one.
 */
export function customerUpdate(values: Values, previous: Values | undefined): Values {
  const update: Values = { id: values.id };
  for (const key of changedFields(values, previous)) {
    if (!isMaskedIn(previous, key)) update[key] = values[key];
  }
  if (typeof values.reason === 'string' && values.reason.trim()) update.reason = values.reason.trim();
  return update;
}
