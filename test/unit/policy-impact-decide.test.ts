// The impact simulation decides each role × purpose × field of the trail once under the version in force and the
// draft (policy-impact-decide.ts): only changed answers are kept, in the right direction, entries summed.
import { describe, expect, test } from 'vitest';
import { seedPolicyDocument } from '../../schema/policy';
import { categoryOf, changedReads, type ServedGroup } from '../../server/src/modules/policy-versions/policy-impact-decide';

const group = (clearFields: string[], maskedFields: string[], entries: number): ServedGroup =>
  ({ role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', clearFields, maskedFields, entries });

describe('changedReads', () => {
  test('the same document changes nothing', () => {
    expect(changedReads([group(['Customer.email'], ['Customer.birthDate'], 4)], seedPolicyDocument(), seedPolicyDocument())).toEqual([]);
  });

  test('clear → hidden is tightened, masked → clear widened, entries summed over groups', () => {
    const draft = seedPolicyDocument();
    draft.matrix.INQUIRY_RESPONSE['contact.email'] = 'HIDDEN';
    draft.matrix.INQUIRY_RESPONSE['demographic.birthdate'] = 'CLEAR';
    const changed = changedReads([group(['Customer.email'], ['Customer.birthDate'], 4), group(['Customer.email', 'Customer.phone'], [], 3)], seedPolicyDocument(), draft);
    expect(changed).toEqual([
      expect.objectContaining({ field: 'Customer.email', servedClear: true, before: 'CLEAR', after: 'HIDDEN', direction: 'TIGHTENED', entries: 7 }),
      expect.objectContaining({ field: 'Customer.birthDate', servedClear: false, before: 'MASKED', after: 'CLEAR', direction: 'WIDENED', entries: 4 }),
    ]);
  });

  test('masked → hidden is tightened; a read served otherwise than the version in force decides is left out', () => {
    const draft = seedPolicyDocument();
    draft.matrix.INQUIRY_RESPONSE['demographic.birthdate'] = 'HIDDEN';
    draft.matrix.INQUIRY_RESPONSE['interaction.content'] = 'MASKED';
    const changed = changedReads([group([], ['Customer.birthDate', 'Interaction.summary'], 2)], seedPolicyDocument(), draft);
    expect(changed).toEqual([expect.objectContaining({ field: 'Customer.birthDate', before: 'MASKED', after: 'HIDDEN', direction: 'TIGHTENED' })]);
  });

  test('a role that may no longer declare the purpose loses every field; unknown fields are no category', () => {
    const draft = seedPolicyDocument();
    draft.roles.SUPPORT.purposes = draft.roles.SUPPORT.purposes.filter((p) => p !== 'INQUIRY_RESPONSE');
    const changed = changedReads([group(['Customer.email', 'Nope.field'], [], 1)], seedPolicyDocument(), draft);
    expect(changed).toEqual([expect.objectContaining({ field: 'Customer.email', after: 'HIDDEN', direction: 'TIGHTENED' })]);
    expect(categoryOf('Nope.field')).toBeNull();
    expect(categoryOf('Customer.email')).toBe('contact.email');
  });
});
