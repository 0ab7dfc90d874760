// Letters about a request (#21 item 2), in headless Chromium against the real server: the privacy manager opens
// a request and prints the Japanese letter that fits it (受付 for a new one; 不開示の理由 once refused), made from
// what the page shows, with the request's number, dates and reason.
import { describe, expect, test, vi } from 'vitest';
import { POLL } from './helpers/browser';
import { uiFixture } from './helpers/ui-fixture';

vi.setConfig({ expect: { poll: POLL } });

const ids: Record<string, string> = {};
const ui = uiFixture('PRIVACY_MANAGER', {
  customers: 5,
  async prepare(s) {
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const made = await pm('mutation { createPrivacyRequest(customerId: "1", kind: DISCLOSURE) { id } }');
    expect(made.errors).toBeUndefined();
    ids.request = made.data.createPrivacyRequest.id;
  },
});

/** Clicks a letter's button and reads the page it opens. */
async function openLetter(name: string): Promise<string> {
  const page = ui.session.page;
  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('letters').getByRole('button', { name }).click()]);
  await tab.waitForLoadState();
  await expect.poll(() => tab.locator('h1').count()).toBe(1);
  const text = await tab.locator('body').innerText();
  await tab.close();
  return text;
}

describe('as PRIVACY_MANAGER, a request\'s letters', () => {
  test('a new request offers the receipt letter, with its number and due date', async () => {
    await ui.session.open(`/PrivacyRequest/${ids.request}/show`);
    const buttons = await ui.session.page.getByTestId('letters').getByRole('button').allInnerTexts();
    expect(buttons).toEqual(['受付のお知らせ']);
    const { rows: [r] } = await ui.s.sql.query(`select to_char(due_at, 'YYYY/MM/DD') as due from privacy_request where id = $1`, [ids.request]);
    const text = await openLetter('受付のお知らせ');
    expect(text).toContain('受付のお知らせ');
    expect(text).toContain(`受付番号 第 ${ids.request} 号`);
    expect(text).toContain('「開示」のご請求を受け付けました');
    expect(text).toContain(`${r.due}までに結果をお知らせします`);
    expect(text).toContain('個人情報保護管理者');
  });

  test('a refused request offers the letter giving the reason', async () => {
    const pm = await ui.s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const refused = await pm(`mutation { updatePrivacyRequest(id: "${ids.request}", status: REFUSED, refusalReason: "本人確認書類の提出がありませんでした") { id status } }`);
    expect(refused.errors).toBeUndefined();
    // The same address again: reloaded, so the page reads the request as it is now.
    await ui.session.page.reload();
    await expect.poll(() => ui.session.page.getByTestId('letters').getByRole('button').allInnerTexts()).toEqual(['受付のお知らせ', '不開示の理由のお知らせ']);
    const text = await openLetter('不開示の理由のお知らせ');
    expect(text).toContain('ご請求に応じないことを決定しました');
    expect(text).toContain('理由: 本人確認書類の提出がありませんでした');
  });
});
