import type { Rng } from './random';

export interface Card {
  brand: string;
  last4: string;
  /** MM/YY; some are already expired, as on any real customer file. */
  expiry: string;
  /** The payment processor's token. The full card number is never generated, let alone stored. */
  token: string;
}

const BRANDS = { VISA: 45, Mastercard: 25, JCB: 20, 'American Express': 6, 'Diners Club': 4 } as const;
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function cardOnFile(rng: Rng, today: number): Card {
  const yy = (new Date(today).getUTCFullYear() % 100) + rng.int(-1, 5);
  return {
    brand: rng.weighted(BRANDS),
    last4: rng.digits(4),
    expiry: `${String(rng.int(1, 12)).padStart(2, '0')}/${String(yy).padStart(2, '0')}`,
    token: processorToken(rng),
  };
}

/** `tok_` + 24 base62 characters, never with a long run of digits that could look like a card number. */
function processorToken(rng: Rng): string {
  for (;;) {
    let t = 'tok_';
    for (let i = 0; i < 24; i++) t += TOKEN_ALPHABET[rng.int(0, TOKEN_ALPHABET.length - 1)];
    if (!/\d{6}/.test(t)) return t;
  }
}

/** 生活全般 notes with the ages (and sex) they fit: [text, min age, max age, sex?]. */
const LIFESTYLE: readonly (readonly [string, number, number, ('F' | 'M')?])[] = [
  ['夫婦と子ども2人の4人暮らし', 28, 60], ['一人暮らし。自炊が多い', 18, 90], ['共働きで平日は19時以降在宅', 25, 60],
  ['乳児がいるため日中の電話は控えてほしいとのこと', 22, 48], ['高齢の母と同居', 40, 70], ['犬を飼っている', 15, 90],
  ['週末は家族でキャンプ', 28, 60], ['子どもに卵アレルギーあり', 25, 55], ['有機野菜にこだわりがある', 20, 90],
  ['夜勤があり午前中は不在がち', 20, 65], ['孫へのギフト購入が多い', 55, 90], ['在宅勤務が中心', 25, 65],
  ['妊娠中(来春出産予定)', 20, 44, 'F'], ['糖質を控えた食事をしている', 30, 90], ['二世帯住宅で両親と同居', 25, 55],
  ['単身赴任中', 30, 62], ['双子の子育て中', 24, 50], ['通院中のため減塩食', 50, 90], ['部活動で帰宅が遅い', 15, 19],
];
const LIFESTYLE_EXTRA = ['。配達は午後希望', '。置き配可', '。不在時は宅配ボックス', ''];

export function lifestyle(rng: Rng, age: number, sex: 'F' | 'M'): string | null {
  const fitting = LIFESTYLE.filter(([, min, max, only]) => age >= min && age <= max && (!only || only === sex));
  return fitting.length ? rng.pick(fitting)[0] + rng.pick(LIFESTYLE_EXTRA) : null;
}

/** 仕事 with the ages it fits. */
const OCCUPATIONS: readonly (readonly [string, number, number])[] = [
  ['会社員', 20, 65], ['会社員', 20, 65], ['公務員', 20, 65], ['自営業(飲食店)', 25, 80], ['パート・アルバイト', 18, 75],
  ['専業主婦', 22, 120], ['専業主夫', 22, 120], ['看護師', 21, 65], ['教員', 23, 65], ['医師', 26, 75], ['エンジニア', 20, 65],
  ['農業', 20, 120], ['年金生活', 62, 120], ['保育士', 20, 65], ['会社役員', 35, 80], ['フリーランス(デザイナー)', 22, 70],
  ['介護職', 20, 70], ['美容師', 20, 65], ['大学生', 18, 23],
];
const STUDENTS = ['高校生', '高校生', '大学生', '専門学校生'];

/** 仕事: free text; some name the employer, which makes it personal data like the rest. */
export function occupation(rng: Rng, age: number, companies: readonly string[]): string {
  if (age < 20) return age < 18 ? '高校生' : rng.pick(STUDENTS);
  const fitting = OCCUPATIONS.filter(([, min, max]) => age >= min && age <= max);
  const job = fitting.length ? rng.pick(fitting)[0] : '無職';
  return job === '会社員' && rng.chance(0.5) ? `会社員(${rng.pick(companies)})` : job;
}
