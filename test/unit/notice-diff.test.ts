// The notice page's difference between two published notices (admin-ui/src/policy-versions/noticeDiff.ts): per
// section, the items gone and the items new, repeats counted, sections only one notice has included.
import { describe, expect, test } from 'vitest';
import { noticeDiff, type NoticeView } from '../../admin-ui/src/policy-versions/noticeDiff';

const notice = (sections: [string, string[]][]): NoticeView => ({
  id: '1', policyVersion: 1, policyLabel: 'x', publishedAt: '', generatedAt: '', cause: 'START', hash: '', previousHash: null, inForce: false,
  title: 't', sections: sections.map(([key, items]) => ({ key, heading: key.toUpperCase(), items })),
});

describe('noticeDiff', () => {
  test('items removed and added per section, in the newer order; unchanged sections have none', () => {
    const a = notice([['purposes', ['(1) a', '(2) b', '(3) c']], ['fees', ['free']]]);
    const b = notice([['purposes', ['(1) a', '(2) B', '(3) c', '(4) d']], ['fees', ['free']]]);
    expect(noticeDiff(a, b)).toEqual([
      { key: 'purposes', heading: 'PURPOSES', removed: ['(2) b'], added: ['(2) B', '(4) d'], kept: 2 },
      { key: 'fees', heading: 'FEES', removed: [], added: [], kept: 1 },
    ]);
  });

  test('a repeated item kept once is one removal; a section only the older notice has is all removed', () => {
    const a = notice([['x', ['same', 'same']], ['gone', ['one']]]);
    const b = notice([['x', ['same']], ['new', ['two']]]);
    expect(noticeDiff(a, b)).toEqual([
      { key: 'x', heading: 'X', removed: ['same'], added: [], kept: 1 },
      { key: 'new', heading: 'NEW', removed: [], added: ['two'], kept: 0 },
      { key: 'gone', heading: 'GONE', removed: ['one'], added: [], kept: 0 },
    ]);
  });
});
