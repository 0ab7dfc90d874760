import { describe, expect, it } from 'vitest';
import {
  ageBand,
  applyMask,
  maskCard,
  maskEmail,
  maskName,
  maskPhone,
  maskPostal,
  redact,
  redactFreeText,
} from '../server/src/policy/masking';
import { MASK_KINDS } from '../schema/policy/categories';

describe('maskName', () => {
  it('keeps the first character of each part and adds one full-width asterisk', () => {
    expect(maskName('山田 太郎')).toBe('山＊ 太＊');
    expect(maskName('ヤマダ タロウ')).toBe('ヤ＊ タ＊');
    expect(maskName('やまだ たろう')).toBe('や＊ た＊');
  });
  it('splits on the ideographic space too and keeps the separator', () => {
    expect(maskName('山田　太郎')).toBe('山＊　太＊');
    expect(maskName('ヤマダ　タロウ')).toBe('ヤ＊　タ＊');
  });
  it('does not reveal the length of the name', () => {
    expect(maskName('勅使河原 三郎')).toBe('勅＊ 三＊');
    expect(maskName('山田太郎')).toBe('山＊');
  });
  it('trims and collapses surrounding whitespace', () => {
    expect(maskName('  山田 太郎 ')).toBe('山＊ 太＊');
    expect(maskName('')).toBe('');
  });
  it('keeps surrogate pairs whole', () => {
    expect(maskName('𠮷田 花子')).toBe('𠮷＊ 花＊');
    expect(maskName('𠮷野家')).toBe('𠮷＊');
  });
  it('keeps a base character together with its combining marks and variation selectors', () => {
    // か + combining dakuten (U+3099) is が in NFD.
    expect(maskName('か\u3099んた たろう')).toBe('か\u3099＊ た＊');
    expect(maskName('e\u0301lise Dupont')).toBe('e\u0301＊ D＊');
    // 葛 + IVS (U+E0100): the ideographic variation selector belongs to the first character.
    expect(maskName('葛\u{E0100}飾 北斎')).toBe('葛\u{E0100}＊ 北＊');
  });
  it('handles latin names', () => {
    expect(maskName('Taro Yamada')).toBe('T＊ Y＊');
  });
});

describe('maskEmail', () => {
  it('keeps the first character and the domain', () => {
    expect(maskEmail('taro@example.com')).toBe('t***@example.com');
    expect(maskEmail('a@example.co.jp')).toBe('a***@example.co.jp');
    expect(maskEmail(' taro.yamada+dm@mail.example.jp ')).toBe('t***@mail.example.jp');
  });
  it('uses the last @ (quoted local parts)', () => {
    expect(maskEmail('"a@b"@example.com')).toBe('"***@example.com');
  });
  it('answers *** without a usable @', () => {
    expect(maskEmail('taro.example.com')).toBe('***');
    expect(maskEmail('@example.com')).toBe('***');
    expect(maskEmail('taro@')).toBe('***');
    expect(maskEmail('')).toBe('***');
  });
});

describe('maskPhone', () => {
  it('keeps only the last four digits', () => {
    expect(maskPhone('090-1234-5678')).toBe('***-****-5678');
    expect(maskPhone('09012345678')).toBe('***-****-5678');
    expect(maskPhone('03-1234-5678')).toBe('***-****-5678');
    expect(maskPhone('(03)1234-5678')).toBe('***-****-5678');
    expect(maskPhone('+81 90-1234-5678')).toBe('***-****-5678');
  });
  it('accepts full-width digits and hyphens', () => {
    expect(maskPhone('０９０－１２３４－５６７８')).toBe('***-****-5678');
  });
  it('answers *** with fewer than four digits', () => {
    expect(maskPhone('123')).toBe('***');
    expect(maskPhone('')).toBe('***');
    expect(maskPhone('不明')).toBe('***');
  });
});

describe('maskPostal', () => {
  it('keeps the first three digits', () => {
    expect(maskPostal('140-0004')).toBe('140-****');
    expect(maskPostal('1400004')).toBe('140-****');
    expect(maskPostal('〒140-0004')).toBe('140-****');
    expect(maskPostal('１４０－０００４')).toBe('140-****');
  });
  it('hides everything when the value is not a 7-digit postal code', () => {
    expect(maskPostal('140')).toBe('***-****');
    expect(maskPostal('14000045')).toBe('***-****');
    expect(maskPostal('')).toBe('***-****');
  });
});

describe('maskCard', () => {
  it('shows the stored last four digits', () => {
    expect(maskCard('1234')).toBe('**** **** **** 1234');
    expect(maskCard('0042')).toBe('**** **** **** 0042');
  });
  it('shows nothing for anything that is not exactly four digits (never a full number)', () => {
    expect(maskCard('4111111111111111')).toBe('**** **** **** ****');
    expect(maskCard('123')).toBe('**** **** **** ****');
    expect(maskCard('12a4')).toBe('**** **** **** ****');
    expect(maskCard('')).toBe('**** **** **** ****');
  });
});

describe('ageBand', () => {
  const at = (iso: string) => new Date(iso);
  it('gives the decade of the age', () => {
    expect(ageBand('1990-05-01', at('2026-01-15T03:00:00Z'))).toBe('30代');
    expect(ageBand('1950-01-01', at('2026-01-15T03:00:00Z'))).toBe('70代');
    expect(ageBand('2006-01-01', at('2026-01-15T03:00:00Z'))).toBe('20代');
  });
  it('turns the age on the birthday in Japan time', () => {
    // 2026-04-30T15:00Z is 2026-05-01 00:00 in Japan: the 30th birthday.
    expect(ageBand('1996-05-01', at('2026-04-30T15:00:00Z'))).toBe('30代');
    expect(ageBand('1996-05-01', at('2026-04-30T14:59:59Z'))).toBe('20代');
  });
  it('answers 10歳未満 under ten', () => {
    expect(ageBand('2020-06-01', at('2026-01-15T03:00:00Z'))).toBe('10歳未満');
    expect(ageBand('2016-01-16', at('2026-01-15T03:00:00Z'))).toBe('10歳未満');
    expect(ageBand('2016-01-15', at('2026-01-15T03:00:00Z'))).toBe('10代');
  });
  it('accepts Date objects (read in Japan time) and slashes', () => {
    // 1996-04-30T15:00Z is 1996-05-01 in Japan.
    expect(ageBand(new Date('1996-04-30T15:00:00Z'), at('2026-04-30T15:00:00Z'))).toBe('30代');
    expect(ageBand('1996/5/1', at('2026-04-30T15:00:00Z'))).toBe('30代');
  });
  it('answers null for invalid or future dates', () => {
    expect(ageBand('not a date', at('2026-01-15T03:00:00Z'))).toBeNull();
    expect(ageBand('1990-02-30', at('2026-01-15T03:00:00Z'))).toBeNull();
    expect(ageBand('1990-13-01', at('2026-01-15T03:00:00Z'))).toBeNull();
    expect(ageBand('2030-01-01', at('2026-01-15T03:00:00Z'))).toBeNull();
    expect(ageBand(new Date('x'), at('2026-01-15T03:00:00Z'))).toBeNull();
    expect(ageBand('1990-05-01', new Date('x'))).toBeNull();
  });
  it('reads a stored date (YYYY-MM-DD) as the general path reads the same date written with slashes', () => {
    const days = ['2026-01-15T03:00:00Z', '2026-02-28T15:00:00Z', '2024-02-28T15:00:00Z', '2026-12-31T14:59:59Z'].map(at);
    for (let i = 0; i < 4000; i++) {
      const y = [1000, 1899, 1900, 1904, 1996, 2000, 2016, 2024, 2026, 2030][i % 10] + (i % 7);
      const date = `${y}-${String(1 + (i % 13)).padStart(2, '0')}-${String(1 + ((i * 7) % 31)).padStart(2, '0')}`;
      for (const today of days) expect(ageBand(date, today)).toBe(ageBand(date.replaceAll('-', '/'), today));
    }
    expect(ageBand('0099-01-01', at('2026-01-15T03:00:00Z'))).toBeNull();
    expect(ageBand('1990-00-10', at('2026-01-15T03:00:00Z'))).toBeNull();
    expect(ageBand('1990-05-00', at('2026-01-15T03:00:00Z'))).toBeNull();
    expect(ageBand('2000-02-29', at('2026-01-15T03:00:00Z'))).toBe('20代');
    expect(ageBand('1900-02-29', at('2026-01-15T03:00:00Z'))).toBeNull();
  });
});

describe('redact', () => {
  it('answers three full-width asterisks', () => {
    expect(redact()).toBe('＊＊＊');
  });
});

describe('redactFreeText', () => {
  const T = '［電話番号］';
  it('redacts Japanese phone numbers in their usual spellings', () => {
    expect(redactFreeText('携帯は090-1234-5678です')).toBe(`携帯は${T}です`);
    expect(redactFreeText('自宅03-1234-5678へ')).toBe(`自宅${T}へ`);
    expect(redactFreeText('会社(03)1234-5678まで')).toBe(`会社${T}まで`);
    expect(redactFreeText('会社（０３）１２３４－５６７８まで')).toBe(`会社${T}まで`);
    expect(redactFreeText('03(1234)5678')).toBe(T);
    expect(redactFreeText('折り返し09012345678に')).toBe(`折り返し${T}に`);
    expect(redactFreeText('0120-123-456')).toBe(T);
    expect(redactFreeText('090 1234 5678')).toBe(T);
  });
  it('redacts full-width digits with full-width hyphens and ー used as a hyphen', () => {
    expect(redactFreeText('お電話は０９０－１２３４－５６７８まで')).toBe(`お電話は${T}まで`);
    expect(redactFreeText('０９０ー１２３４ー５６７８')).toBe(T);
    expect(redactFreeText('０３　１２３４　５６７８')).toBe(T);
  });
  it('redacts international numbers', () => {
    expect(redactFreeText('+81 90-1234-5678')).toBe(T);
    expect(redactFreeText('+81(0)3-1234-5678')).toBe(T);
    expect(redactFreeText('＋８１ ９０ １２３４ ５６７８')).toBe(T);
    expect(redactFreeText('US: +1 (555) 123-4567.')).toBe(`US: ${T}.`);
  });
  it('finds a phone number right after other digits', () => {
    expect(redactFreeText('2024/12/05 03-1234-5678 に着信')).toBe(`2024/12/05 ${T} に着信`);
    expect(redactFreeText('090-1234-5678 03-1234-5678')).toBe(`${T} ${T}`);
  });
  it('redacts e-mail addresses, half- and full-width', () => {
    expect(redactFreeText('メールはtaro.yamada+1@example.co.jpまで。')).toBe('メールは［メール］まで。');
    expect(redactFreeText('連絡先: taro@example.com, hanako@example.jp')).toBe('連絡先: ［メール］, ［メール］');
    expect(redactFreeText('ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('［メール］');
  });
  it('redacts card-like digit runs', () => {
    const C = '［カード番号］';
    expect(redactFreeText('カード番号は4111 1111 1111 1111です')).toBe(`カード番号は${C}です`);
    expect(redactFreeText('4111-1111-1111-1111')).toBe(C);
    expect(redactFreeText('4111111111111111')).toBe(C);
    expect(redactFreeText('４１１１　１１１１　１１１１　１１１１')).toBe(C);
    expect(redactFreeText('3782 822463 10005')).toBe(C);
    expect(redactFreeText('4111111111111')).toBe(C);
    expect(redactFreeText('4111 1111 1111 1111 1228 123')).toBe(`${C} 1228 123`);
  });
  it('redacts the customer\'s names: full (any spacing), parts of two or more characters, kana and hiragana', () => {
    const names = ['山田 太郎', 'ヤマダ タロウ'];
    const N = '［氏名］';
    expect(redactFreeText('山田太郎様より入電', { names })).toBe(`${N}様より入電`);
    expect(redactFreeText('山田 太郎様', { names })).toBe(`${N}様`);
    expect(redactFreeText('山田　太郎様', { names })).toBe(`${N}様`);
    expect(redactFreeText('山田様、太郎様', { names })).toBe(`${N}様、${N}様`);
    expect(redactFreeText('ヤマダ タロウ様（やまだ様）', { names })).toBe(`${N}様（${N}様）`);
  });
  it('leaves one-character name parts alone', () => {
    expect(redactFreeText('文さんの文書', { names: ['李 文'] })).toBe('文さんの文書');
    expect(redactFreeText('李 文さん', { names: ['李 文'] })).toBe('［氏名］さん');
  });
  it('keeps everything else intact', () => {
    const plain = '2024年12月5日、商品No.12345を3個注文。合計10,800円。次回は1月に。';
    expect(redactFreeText(plain, { names: ['山田 太郎'] })).toBe(plain);
    expect(redactFreeText('')).toBe('');
  });
  it('redacts a whole transcript', () => {
    const transcript =
      'オペレーター：お電話ありがとうございます。\n' +
      'お客様：山田です。電話番号は０９０－１２３４－５６７８、自宅は(03)1234-5678です。\n' +
      'お客様：メールは taro@example.com、カードは4111 1111 1111 1111です。';
    expect(redactFreeText(transcript, { names: ['山田 太郎', 'ヤマダ タロウ'] })).toBe(
      'オペレーター：お電話ありがとうございます。\n' +
        'お客様：［氏名］です。電話番号は［電話番号］、自宅は［電話番号］です。\n' +
        'お客様：メールは ［メール］、カードは［カード番号］です。',
    );
  });
  it('ignores non-string and empty names', () => {
    expect(redactFreeText('山田様', { names: ['', '  ', null as unknown as string] })).toBe('山田様');
  });
});

describe('applyMask', () => {
  it('dispatches every kind', () => {
    const today = new Date('2026-01-15T03:00:00Z');
    expect(applyMask('name', '山田 太郎', {})).toBe('山＊ 太＊');
    expect(applyMask('email', 'taro@example.com', {})).toBe('t***@example.com');
    expect(applyMask('phone', '09012345678', {})).toBe('***-****-5678');
    expect(applyMask('postal', '1400004', {})).toBe('140-****');
    expect(applyMask('keep', '東京都', {})).toBe('東京都');
    expect(applyMask('redact', '品川区東品川1-2-3', {})).toBe('＊＊＊');
    expect(applyMask('ageBand', '1990-05-01', { today })).toBe('30代');
    expect(applyMask('ageBand', new Date('1990-05-01T00:00:00+09:00'), { today })).toBe('30代');
    expect(applyMask('card', '1234', {})).toBe('**** **** **** 1234');
    expect(applyMask('freeText', '山田です。090-1234-5678', { names: ['山田 太郎'] })).toBe('［氏名］です。［電話番号］');
    expect(applyMask('recordingKey', 'recordings/2026/01/abc.wav', {})).toBeNull();
  });
  it('covers every MaskKind of the policy', () => {
    for (const kind of MASK_KINDS) expect(() => applyMask(kind, 'x', {})).not.toThrow();
  });
  it('answers null for null and undefined, whatever the kind', () => {
    for (const kind of MASK_KINDS) {
      expect(applyMask(kind, null, {})).toBeNull();
      expect(applyMask(kind, undefined, {})).toBeNull();
    }
  });
  it('fails closed: wrong types, unknown kinds, invalid values and throwing values answer null', () => {
    expect(applyMask('name', 12345, {})).toBeNull();
    expect(applyMask('email', { email: 'taro@example.com' }, {})).toBeNull();
    expect(applyMask('phone', 9012345678, {})).toBeNull();
    expect(applyMask('card', 1234, {})).toBeNull();
    expect(applyMask('freeText', ['090-1234-5678'], {})).toBeNull();
    expect(applyMask('ageBand', 'not a date', {})).toBeNull();
    expect(applyMask('ageBand', 19900501, {})).toBeNull();
    expect(applyMask('nope' as never, '山田 太郎', {})).toBeNull();
    // A String object whose trim() throws must not leak its value.
    const evil = Object.assign(Object.create(String.prototype), {
      toString: () => { throw new Error('boom'); },
    });
    expect(applyMask('name', evil, {})).toBeNull();
    const names = { [Symbol.iterator]: () => { throw new Error('boom'); } } as unknown as string[];
    expect(applyMask('freeText', '山田です', { names })).toBeNull();
  });
  it('never returns the clear value for a masked kind', () => {
    const clear = { name: '山田 太郎', email: 'taro@example.com', phone: '090-1234-5678', postal: '140-0004' };
    for (const [kind, value] of Object.entries(clear)) {
      expect(applyMask(kind as 'name', value, {})).not.toBe(value);
    }
  });
});
