/**
 * Family and given names with their readings (faker's ja names come without kana, and a wrong フリガナ
 * is the first thing a Japanese user notices). Each kanji spelling appears once, so kanji → kana is a function.
 */
export interface NameEntry {
  kanji: string;
  kana: string;
  romaji: string;
}

export interface GivenName extends NameEntry {
  sex: 'F' | 'M';
  /** 0: mostly born before 1970, 1: 1970–1999, 2: 2000 and later. */
  era: 0 | 1 | 2;
}

const entry = (kanji: string, kana: string, romaji: string): NameEntry => ({ kanji, kana, romaji });

export const FAMILY_NAMES: readonly NameEntry[] = [
  entry('佐藤', 'サトウ', 'sato'), entry('鈴木', 'スズキ', 'suzuki'), entry('高橋', 'タカハシ', 'takahashi'),
  entry('田中', 'タナカ', 'tanaka'), entry('伊藤', 'イトウ', 'ito'), entry('渡辺', 'ワタナベ', 'watanabe'),
  entry('山本', 'ヤマモト', 'yamamoto'), entry('中村', 'ナカムラ', 'nakamura'), entry('小林', 'コバヤシ', 'kobayashi'),
  entry('加藤', 'カトウ', 'kato'), entry('吉田', 'ヨシダ', 'yoshida'), entry('山田', 'ヤマダ', 'yamada'),
  entry('佐々木', 'ササキ', 'sasaki'), entry('山口', 'ヤマグチ', 'yamaguchi'), entry('松本', 'マツモト', 'matsumoto'),
  entry('井上', 'イノウエ', 'inoue'), entry('木村', 'キムラ', 'kimura'), entry('林', 'ハヤシ', 'hayashi'),
  entry('斎藤', 'サイトウ', 'saito'), entry('清水', 'シミズ', 'shimizu'), entry('山崎', 'ヤマザキ', 'yamazaki'),
  entry('森', 'モリ', 'mori'), entry('池田', 'イケダ', 'ikeda'), entry('橋本', 'ハシモト', 'hashimoto'),
  entry('阿部', 'アベ', 'abe'), entry('石川', 'イシカワ', 'ishikawa'), entry('山下', 'ヤマシタ', 'yamashita'),
  entry('中島', 'ナカジマ', 'nakajima'), entry('石井', 'イシイ', 'ishii'), entry('小川', 'オガワ', 'ogawa'),
  entry('前田', 'マエダ', 'maeda'), entry('岡田', 'オカダ', 'okada'), entry('長谷川', 'ハセガワ', 'hasegawa'),
  entry('藤田', 'フジタ', 'fujita'), entry('後藤', 'ゴトウ', 'goto'), entry('近藤', 'コンドウ', 'kondo'),
  entry('村上', 'ムラカミ', 'murakami'), entry('遠藤', 'エンドウ', 'endo'), entry('青木', 'アオキ', 'aoki'),
  entry('坂本', 'サカモト', 'sakamoto'), entry('斉藤', 'サイトウ', 'saito'), entry('福田', 'フクダ', 'fukuda'),
  entry('太田', 'オオタ', 'ota'), entry('西村', 'ニシムラ', 'nishimura'), entry('藤井', 'フジイ', 'fujii'),
  entry('金子', 'カネコ', 'kaneko'), entry('岡本', 'オカモト', 'okamoto'), entry('藤原', 'フジワラ', 'fujiwara'),
  entry('中野', 'ナカノ', 'nakano'), entry('三浦', 'ミウラ', 'miura'), entry('原田', 'ハラダ', 'harada'),
  entry('中川', 'ナカガワ', 'nakagawa'), entry('松田', 'マツダ', 'matsuda'), entry('竹内', 'タケウチ', 'takeuchi'),
  entry('小野', 'オノ', 'ono'), entry('田村', 'タムラ', 'tamura'), entry('中山', 'ナカヤマ', 'nakayama'),
  entry('和田', 'ワダ', 'wada'), entry('石田', 'イシダ', 'ishida'), entry('森田', 'モリタ', 'morita'),
  entry('上田', 'ウエダ', 'ueda'), entry('原', 'ハラ', 'hara'),
];

const given = (kanji: string, kana: string, romaji: string, sex: 'F' | 'M', era: 0 | 1 | 2): GivenName => ({ kanji, kana, romaji, sex, era });

export const GIVEN_NAMES: readonly GivenName[] = [
  given('茂', 'シゲル', 'shigeru', 'M', 0), given('浩', 'ヒロシ', 'hiroshi', 'M', 0), given('隆', 'タカシ', 'takashi', 'M', 0),
  given('修', 'オサム', 'osamu', 'M', 0), given('一郎', 'イチロウ', 'ichiro', 'M', 0), given('博之', 'ヒロユキ', 'hiroyuki', 'M', 0),
  given('正人', 'マサト', 'masato', 'M', 0), given('健二', 'ケンジ', 'kenji', 'M', 0), given('太郎', 'タロウ', 'taro', 'M', 1),
  given('誠', 'マコト', 'makoto', 'M', 1), given('大輔', 'ダイスケ', 'daisuke', 'M', 1), given('健一', 'ケンイチ', 'kenichi', 'M', 1),
  given('直樹', 'ナオキ', 'naoki', 'M', 1), given('拓也', 'タクヤ', 'takuya', 'M', 1), given('和也', 'カズヤ', 'kazuya', 'M', 1),
  given('達也', 'タツヤ', 'tatsuya', 'M', 1), given('雄一', 'ユウイチ', 'yuichi', 'M', 1), given('亮', 'リョウ', 'ryo', 'M', 1),
  given('健太', 'ケンタ', 'kenta', 'M', 1), given('翔太', 'ショウタ', 'shota', 'M', 1), given('翼', 'ツバサ', 'tsubasa', 'M', 1),
  given('勇気', 'ユウキ', 'yuki', 'M', 2), given('大翔', 'ヒロト', 'hiroto', 'M', 2), given('蓮', 'レン', 'ren', 'M', 2),
  given('悠真', 'ユウマ', 'yuma', 'M', 2), given('陽翔', 'ハルト', 'haruto', 'M', 2), given('湊', 'ミナト', 'minato', 'M', 2),
  given('蒼', 'アオイ', 'aoi', 'M', 2), given('樹', 'イツキ', 'itsuki', 'M', 2), given('颯太', 'ソウタ', 'sota', 'M', 2),
  given('恵子', 'ケイコ', 'keiko', 'F', 0), given('陽子', 'ヨウコ', 'yoko', 'F', 0), given('久美子', 'クミコ', 'kumiko', 'F', 0),
  given('明美', 'アケミ', 'akemi', 'F', 0), given('智子', 'トモコ', 'tomoko', 'F', 0), given('美奈子', 'ミナコ', 'minako', 'F', 0),
  given('花子', 'ハナコ', 'hanako', 'F', 0), given('真由美', 'マユミ', 'mayumi', 'F', 0), given('裕子', 'ユウコ', 'yuko', 'F', 1),
  given('由美', 'ユミ', 'yumi', 'F', 1), given('直美', 'ナオミ', 'naomi', 'F', 1), given('美穂', 'ミホ', 'miho', 'F', 1),
  given('香織', 'カオリ', 'kaori', 'F', 1), given('優子', 'ユウコ', 'yuko', 'F', 1), given('麻衣', 'マイ', 'mai', 'F', 1),
  given('彩', 'アヤ', 'aya', 'F', 1), given('愛', 'アイ', 'ai', 'F', 1), given('舞', 'マイ', 'mai', 'F', 1),
  given('美咲', 'ミサキ', 'misaki', 'F', 1), given('千尋', 'チヒロ', 'chihiro', 'F', 1), given('奈々', 'ナナ', 'nana', 'F', 1),
  given('紗希', 'サキ', 'saki', 'F', 2), given('さくら', 'サクラ', 'sakura', 'F', 2), given('結衣', 'ユイ', 'yui', 'F', 2),
  given('陽菜', 'ヒナ', 'hina', 'F', 2), given('葵', 'アオイ', 'aoi', 'F', 2), given('凛', 'リン', 'rin', 'F', 2),
  given('芽依', 'メイ', 'mei', 'F', 2), given('結菜', 'ユイナ', 'yuina', 'F', 2), given('杏', 'アン', 'an', 'F', 2),
];

/** Given names by sex and era, for picking one that fits a birth year. */
export const GIVEN_BY: Record<'F' | 'M', readonly GivenName[][]> = {
  F: [0, 1, 2].map((era) => GIVEN_NAMES.filter((g) => g.sex === 'F' && g.era === era)),
  M: [0, 1, 2].map((era) => GIVEN_NAMES.filter((g) => g.sex === 'M' && g.era === era)),
};

export function eraOf(birthYear: number): 0 | 1 | 2 {
  return birthYear < 1970 ? 0 : birthYear < 2000 ? 1 : 2;
}

const KANA_OF = new Map<string, string>([...FAMILY_NAMES, ...GIVEN_NAMES].map((n) => [n.kanji, n.kana]));

/** The katakana reading of a `姓 名` written with names from these tables, or null if one is unknown. */
export function readingOf(fullName: string): string | null {
  const parts = fullName.split(' ');
  if (parts.length !== 2) return null;
  const kana = parts.map((p) => KANA_OF.get(p));
  return kana.every(Boolean) ? kana.join(' ') : null;
}
