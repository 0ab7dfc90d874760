// Free-text masking: the linear scanner (policy/free-text.ts) against the regular expressions it replaced
// (test/helpers/free-text-reference.ts), on an ordinary transcript and on a text that made them backtrack.
import { redactFreeText } from '../../server/src/policy/masking';
import { referenceRedaction } from '../../test/helpers/free-text-reference';
import { ms, type BenchContext } from '../lib/report';

const TRANSCRIPT = [
  'オペレーター：お電話ありがとうございます。ママの素オンラインストアでございます。',
  'お客様：先日注文した件で、電話番号は０９０－１２３４－５６７８、自宅は(03)1234-5678です。',
  'お客様：メールは taro@example.com、カードは4111 1111 1111 1111で払いました。注文番号はO000012345です。',
  'オペレーター：2024年12月5日のご注文、商品No.12345を3個、合計10,800円ですね。+81 90-1234-5678 にも折り返します。',
].join('\n');

/** Least time of `runs` calls of `work` on `text`, in ms. */
function best(work: (t: string) => string, text: string, runs: number): number {
  let least = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    work(text);
    least = Math.min(least, performance.now() - t);
  }
  return least;
}

export async function freeText(ctx: BenchContext): Promise<void> {
  const ordinary = TRANSCRIPT.repeat(Math.ceil(100_000 / TRANSCRIPT.length)).slice(0, 100_000);
  if (redactFreeText(ordinary) !== referenceRedaction(ordinary)) throw new Error('the scanner and the reference disagree on the transcript');
  for (const [label, text] of [['ordinary transcript, 400 chars', TRANSCRIPT], ['ordinary transcript, 100k chars', ordinary]] as const) {
    const runs = text.length > 1_000 ? 20 : 2_000;
    best(redactFreeText, text, runs); best(referenceRedaction, text, runs); // warm up
    const a = best(redactFreeText, text, runs);
    const b = best(referenceRedaction, text, runs);
    ctx.report({ target: 'masking, linear', measure: label, value: ms(a), baseline: `regular expressions ${ms(b)}`, ratio: a / b });
  }
  // 10k characters only: the regular expressions take seconds at 100k.
  const attack = `+${'1'.repeat(34)} `.repeat(278);
  const a = best(redactFreeText, attack, 5);
  const b = best(referenceRedaction, attack, 1);
  ctx.report({ target: 'masking, linear', measure: '"+" and 34 digits, repeated, 10k chars', value: ms(a), baseline: `regular expressions ${ms(b)}`, ratio: a / b });
  const big = attack.repeat(10);
  const c = best(redactFreeText, big, 5);
  ctx.report({ target: 'masking, linear', measure: 'the same, 100k chars', value: ms(c), goal: '< 20 ms', pass: c < 20 });
}
