import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildMatrix,
  CATEGORIES,
  CATEGORY_KEYS,
  decideAccess,
  PERSONAL_TYPES,
  POLICY_VERSION,
  PURPOSE_KEYS,
  ROLE_KEYS,
  ROLES,
  type Access,
  type CategoryKey,
  type RoleKey,
  SENSITIVE_CATEGORY,
} from '../schema/policy';

/**
 * The default matrix, transcribed by hand from /work/shared/docs/obligations.md
 * ("The default matrix: what each purpose needs"), independently of schema/policy/matrix.ts.
 * Columns as in the document: lifestyle/occupation is one column there, covering two categories. The last
 * column (要配慮個人情報) is issue #19's: obligations.md says only "hidden from every purpose that does not need
 * it"; the purposes that need it are answering the person, after-sales and the privacy manager. The consent column
 * is issue #17's: obligations.md lists consents under 【4】(5)(6)(11), 【9】, 【12】, 【15】 but no column; the purposes that
 * rest on a consent, answering the person (who asks about or withdraws it) and the privacy manager need it.
 */
const DOC_TABLE = `
| purpose | name/kana | postal | address | phone | email | card | birthdate | gender | lifestyle/occupation | interaction content | recording | order ship-to | sensitive | consent |
| SHIPPING | C | C | C | C | M | H | H | H | H | H | H | C | H | H |
| IDENTITY_VERIFICATION | C | C | C | C | C | M | C | H | H | H | H | M | H | H |
| TRANSACTION | C | C | C | C | C | M | H | H | H | M | H | C | H | H |
| AFTER_SALES | C | C | C | C | C | M | H | H | H | C | C | C | C | H |
| PROMOTION | C | C | C | M | C | H | M | M | M | H | H | H | H | C |
| SURVEY_EVENT | C | C | C | M | C | H | M | M | M | H | H | H | H | C |
| INQUIRY_RESPONSE | C | C | C | C | C | M | M | H | H | C | C | C | C | C |
| FAMILY_INQUIRY | C | M | M | M | M | H | H | H | H | H | H | M | H | H |
| FAMILY_IDENTIFICATION | C | M | M | M | M | H | H | H | H | H | H | H | H | H |
| STATISTICS | H | H | H | H | H | H | H | H | H | H | H | H | H | H |
| NEW_PRODUCT_INFO | C | C | C | M | C | H | M | M | M | H | H | H | H | C |
| CREDIT_MANAGEMENT | C | C | C | C | C | M | C | H | H | M | H | C | H | H |
| PRIVACY_ADMINISTRATION | C | C | C | C | C | M | C | C | C | C | C | C | C | C |
`;

const DOC_COLUMNS: Record<string, CategoryKey[]> = {
  'name/kana': ['contact.name'],
  postal: ['contact.postal'],
  address: ['contact.address'],
  phone: ['contact.phone'],
  email: ['contact.email'],
  card: ['financial.card'],
  birthdate: ['demographic.birthdate'],
  gender: ['demographic.gender'],
  'lifestyle/occupation': ['demographic.lifestyle', 'demographic.occupation'],
  'interaction content': ['interaction.content'],
  recording: ['interaction.recording'],
  'order ship-to': ['order.shipping'],
  sensitive: ['sensitive.care'],
  consent: ['consent.record'],
};

const LETTER: Record<string, Access> = { C: 'CLEAR', M: 'MASKED', H: 'HIDDEN' };

function parseDocTable(): Record<string, Record<CategoryKey, Access>> {
  const rows = DOC_TABLE.trim().split('\n').map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  const [header, ...body] = rows;
  const out: Record<string, Record<CategoryKey, Access>> = {};
  for (const cells of body) {
    const row = {} as Record<CategoryKey, Access>;
    header.slice(1).forEach((col, i) => {
      for (const cat of DOC_COLUMNS[col]) row[cat] = LETTER[cells[i + 1]];
    });
    out[cells[0]] = row;
  }
  return out;
}

const EXPECTED = parseDocTable();

/** Who may declare what, transcribed from obligations.md ("Who works in the back office"). */
const DOC_ROLE_PURPOSES: Record<string, string[]> = {
  SUPPORT: ['IDENTITY_VERIFICATION', 'TRANSACTION', 'AFTER_SALES', 'INQUIRY_RESPONSE', 'FAMILY_INQUIRY', 'FAMILY_IDENTIFICATION'],
  FULFILLMENT: ['SHIPPING', 'TRANSACTION'],
  MARKETING: ['PROMOTION', 'SURVEY_EVENT', 'STATISTICS', 'NEW_PRODUCT_INFO'],
  ACCOUNTING: ['TRANSACTION', 'CREDIT_MANAGEMENT'],
  PRIVACY_MANAGER: ['PRIVACY_ADMINISTRATION'],
  AUDITOR: ['PRIVACY_ADMINISTRATION'],
  ADMIN: [],
  CARRIER: ['SHIPPING'],
  MAILING_HOUSE: ['PROMOTION', 'SURVEY_EVENT', 'NEW_PRODUCT_INFO'],
  COLLECTION_AGENCY: ['CREDIT_MANAGEMENT'],
};

/** Contractors' only-lists, transcribed from obligations.md. */
const DOC_ONLY: Record<string, CategoryKey[]> = {
  CARRIER: ['contact.name', 'contact.postal', 'contact.address', 'contact.phone', 'order.shipping'],
  MAILING_HOUSE: ['contact.name', 'contact.postal', 'contact.address', 'contact.email'],
  COLLECTION_AGENCY: ['contact.name', 'contact.postal', 'contact.address', 'contact.phone', 'order.shipping'],
};

/** The per-role rules of obligations.md applied to a purpose row, written independently of matrix.ts. */
function expectedFor(role: string, purpose: string, category: CategoryKey): Access {
  if (!DOC_ROLE_PURPOSES[role]?.includes(purpose)) return 'HIDDEN';
  if (role === 'ADMIN') return 'HIDDEN';
  if (DOC_ONLY[role] && !DOC_ONLY[role].includes(category)) return 'HIDDEN';
  let a = EXPECTED[purpose][category];
  if (category === 'financial.card' && a === 'CLEAR') a = 'MASKED';
  if (role === 'AUDITOR' && a === 'CLEAR') a = 'MASKED';
  return a;
}

describe('the transcription of obligations.md', () => {
  it('covers every purpose and every category', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...PURPOSE_KEYS].sort());
    for (const p of PURPOSE_KEYS) expect(Object.keys(EXPECTED[p]).sort()).toEqual([...CATEGORY_KEYS].sort());
  });
  it('lists the same roles and declarable purposes as roles.ts', () => {
    expect(Object.keys(DOC_ROLE_PURPOSES).sort()).toEqual([...ROLE_KEYS].sort());
    for (const r of ROLE_KEYS) expect([...ROLES[r].purposes].sort()).toEqual([...DOC_ROLE_PURPOSES[r]].sort());
  });
});

describe('decideAccess reproduces the default matrix', () => {
  // Roles without per-role rules see the purpose row itself (card is never C in the table anyway).
  const plainRoles: RoleKey[] = ['SUPPORT', 'FULFILLMENT', 'MARKETING', 'ACCOUNTING', 'PRIVACY_MANAGER'];
  for (const role of plainRoles) {
    for (const purpose of DOC_ROLE_PURPOSES[role]) {
      it(`${role} × ${purpose} equals the table row`, () => {
        for (const cat of CATEGORY_KEYS) {
          expect(decideAccess(role, purpose, cat), `${role} ${purpose} ${cat}`).toBe(EXPECTED[purpose][cat]);
        }
      });
    }
  }
  it('PRIVACY_MANAGER sees everything in clear except the card (last 4 only)', () => {
    for (const cat of CATEGORY_KEYS) {
      expect(decideAccess('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION', cat)).toBe(cat === 'financial.card' ? 'MASKED' : 'CLEAR');
    }
  });
  it('every role × every purpose × every category follows the table and the per-role rules', () => {
    for (const role of ROLE_KEYS) {
      for (const purpose of PURPOSE_KEYS) {
        for (const cat of CATEGORY_KEYS) {
          expect(decideAccess(role, purpose, cat), `${role} ${purpose} ${cat}`).toBe(expectedFor(role, purpose, cat));
        }
      }
    }
  });
  it('buildMatrix lists exactly the declarable purposes of each role, with decideAccess answers', () => {
    const m = buildMatrix();
    expect(Object.keys(m).sort()).toEqual([...ROLE_KEYS].sort());
    for (const role of ROLE_KEYS) {
      expect(Object.keys(m[role]).sort()).toEqual([...DOC_ROLE_PURPOSES[role]].sort());
      for (const [purpose, row] of Object.entries(m[role])) {
        for (const cat of CATEGORY_KEYS) expect(row![cat]).toBe(decideAccess(role, purpose, cat));
      }
    }
  });
});

describe('per-role rules', () => {
  it('card is never CLEAR for anyone under any purpose', () => {
    for (const role of ROLE_KEYS) {
      for (const purpose of PURPOSE_KEYS) expect(decideAccess(role, purpose, 'financial.card')).not.toBe('CLEAR');
    }
  });
  it('AUDITOR: every C becomes M, M and H stay', () => {
    for (const cat of CATEGORY_KEYS) {
      const pm = EXPECTED.PRIVACY_ADMINISTRATION[cat];
      expect(decideAccess('AUDITOR', 'PRIVACY_ADMINISTRATION', cat)).toBe(pm === 'HIDDEN' ? 'HIDDEN' : 'MASKED');
    }
    for (const purpose of PURPOSE_KEYS) {
      for (const cat of CATEGORY_KEYS) expect(decideAccess('AUDITOR', purpose, cat)).not.toBe('CLEAR');
    }
  });
  it('ADMIN: everything HIDDEN', () => {
    for (const purpose of PURPOSE_KEYS) {
      for (const cat of CATEGORY_KEYS) expect(decideAccess('ADMIN', purpose, cat)).toBe('HIDDEN');
    }
  });
  for (const role of ['CARRIER', 'MAILING_HOUSE', 'COLLECTION_AGENCY'] as const) {
    it(`${role}: only ${DOC_ONLY[role].join(', ')}; everything else HIDDEN`, () => {
      expect([...(ROLES[role].only ?? [])].sort()).toEqual([...DOC_ONLY[role]].sort());
      for (const purpose of PURPOSE_KEYS) {
        for (const cat of CATEGORY_KEYS) {
          if (!DOC_ONLY[role].includes(cat)) expect(decideAccess(role, purpose, cat), `${purpose} ${cat}`).toBe('HIDDEN');
        }
      }
      // Within its only-list and its purposes, the purpose row applies unchanged.
      for (const purpose of DOC_ROLE_PURPOSES[role]) {
        for (const cat of DOC_ONLY[role]) expect(decideAccess(role, purpose, cat)).toBe(EXPECTED[purpose][cat]);
      }
    });
  }
  it('CARRIER sees what a delivery needs in clear', () => {
    for (const cat of ['contact.name', 'contact.address', 'contact.phone', 'order.shipping'] as const) {
      expect(decideAccess('CARRIER', 'SHIPPING', cat)).toBe('CLEAR');
    }
    expect(decideAccess('CARRIER', 'SHIPPING', 'contact.email')).toBe('HIDDEN');
  });
  it('only PRIVACY_MANAGER ever sees gender, lifestyle and occupation in clear', () => {
    // 【10】: gender, lifestyle and occupation are CLEAR only under PRIVACY_ADMINISTRATION.
    for (const role of ROLE_KEYS) {
      for (const purpose of PURPOSE_KEYS) {
        for (const cat of ['demographic.gender', 'demographic.lifestyle', 'demographic.occupation'] as const) {
          if (decideAccess(role, purpose, cat) === 'CLEAR') expect(role).toBe('PRIVACY_MANAGER');
        }
      }
    }
  });
});

describe('fails closed', () => {
  const junk: unknown[] = [undefined, null, '', 'support', 'ROOT', 'toString', '__proto__', 'constructor', 42, {}, ['SUPPORT']];
  it('unknown role → HIDDEN', () => {
    for (const r of junk) {
      for (const cat of CATEGORY_KEYS) expect(decideAccess(r, 'PRIVACY_ADMINISTRATION', cat)).toBe('HIDDEN');
    }
  });
  it('unknown purpose → HIDDEN', () => {
    for (const p of junk) {
      for (const cat of CATEGORY_KEYS) expect(decideAccess('PRIVACY_MANAGER', p, cat)).toBe('HIDDEN');
    }
  });
  it('unknown category → HIDDEN', () => {
    for (const c of [...junk, 'contact', 'contact.*', 'financial.card.number', 'CONTACT.NAME']) {
      expect(decideAccess('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION', c)).toBe('HIDDEN');
    }
  });
  it('values that merely stringify like a key → HIDDEN, even after the real key was answered', () => {
    expect(decideAccess('SUPPORT', 'TRANSACTION', 'contact.name')).toBe('CLEAR');
    const lookalike = (v: string) => ({ toString: () => v });
    expect(decideAccess(['SUPPORT'], 'TRANSACTION', 'contact.name')).toBe('HIDDEN');
    expect(decideAccess('SUPPORT', ['TRANSACTION'], 'contact.name')).toBe('HIDDEN');
    expect(decideAccess('SUPPORT', 'TRANSACTION', ['contact.name'])).toBe('HIDDEN');
    expect(decideAccess(lookalike('SUPPORT'), lookalike('TRANSACTION'), lookalike('contact.name'))).toBe('HIDDEN');
    expect(decideAccess(new String('SUPPORT'), 'TRANSACTION', 'contact.name')).toBe('HIDDEN');
  });
  it('never throws, whatever it is given', () => {
    const hostile = [Object.create(null), { toString: () => { throw new Error('boom'); } }, Symbol('x')];
    for (const h of hostile) {
      expect(decideAccess(h, 'TRANSACTION', 'contact.name')).toBe('HIDDEN');
      expect(decideAccess('SUPPORT', h, 'contact.name')).toBe('HIDDEN');
      expect(decideAccess('SUPPORT', 'TRANSACTION', h)).toBe('HIDDEN');
    }
  });
  it('a purpose the role may not declare → HIDDEN, even where the purpose row says C', () => {
    expect(decideAccess('MARKETING', 'PRIVACY_ADMINISTRATION', 'contact.name')).toBe('HIDDEN');
    expect(decideAccess('FULFILLMENT', 'AFTER_SALES', 'contact.name')).toBe('HIDDEN');
    expect(decideAccess('SUPPORT', 'SHIPPING', 'contact.address')).toBe('HIDDEN');
    expect(decideAccess('CARRIER', 'TRANSACTION', 'contact.name')).toBe('HIDDEN');
    expect(decideAccess('PRIVACY_MANAGER', 'SHIPPING', 'contact.name')).toBe('HIDDEN');
    for (const role of ROLE_KEYS) {
      for (const purpose of PURPOSE_KEYS) {
        if (DOC_ROLE_PURPOSES[role].includes(purpose)) continue;
        for (const cat of CATEGORY_KEYS) expect(decideAccess(role, purpose, cat), `${role} ${purpose} ${cat}`).toBe('HIDDEN');
      }
    }
  });
});

/**
 * Reviewed matrix hashes, by POLICY_VERSION. A change to the matrix adds a new version here (old
 * entries stay as the record of 【16】); a new POLICY_VERSION without an entry fails as well.
 */
const PINNED_MATRIX_SHA256: Record<string, string> = {
  '2026.11.1': '1bc4e2488219337f04b9e279218dd4bf010d25050bcd8454bcf79990a8b4b241',
  '2026.12.1': 'af609fc3aa5f020e85c2477d115d90b2f4cc01b9ba3dc61871d012d6969de480',
  // #17: the consent record is a category of its own (reading consents is recorded like any personal read).
  '2026.12.2': '5408d3a65281cca25e57cf0dc8ee9da79d4e95ead62937d79ac6fdb499cdca5c',
};

describe('the matrix is pinned', () => {
  it('has the reviewed hash for this POLICY_VERSION', () => {
    const hash = createHash('sha256').update(JSON.stringify(buildMatrix())).digest('hex');
    expect(
      { version: POLICY_VERSION, hash },
      'policy matrix changed: bump POLICY_VERSION and update this hash after review',
    ).toEqual({ version: POLICY_VERSION, hash: PINNED_MATRIX_SHA256[POLICY_VERSION] });
  });
});

describe('fields', () => {
  it('every category in CATEGORIES is used by some field in PERSONAL_TYPES', () => {
    const used = new Set<string>();
    for (const fields of Object.values(PERSONAL_TYPES)) {
      for (const f of Object.values(fields)) if (f) used.add(f.category);
    }
    // sensitive.care is no field's own: free text holding sensitive information is decided under it (sensitive.ts).
    for (const cat of Object.keys(CATEGORIES)) if (cat !== SENSITIVE_CATEGORY) expect(used.has(cat), `${cat} is not used by any field`).toBe(true);
  });
  it('every field names a known category', () => {
    for (const [type, fields] of Object.entries(PERSONAL_TYPES)) {
      for (const [name, f] of Object.entries(fields)) {
        if (f) expect(Object.keys(CATEGORIES), `${type}.${name}`).toContain(f.category);
      }
    }
  });
});
