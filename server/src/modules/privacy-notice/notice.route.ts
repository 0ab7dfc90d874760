import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import type { AppDeps } from '../../context';
import type { Log } from '../../ops/log';
import type { NoticeContent } from './notice-content';
import { currentNoticeRow, noticeIn } from './notice-store';
import type { Lang } from './notice-words';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A time as people in Japan read it (JST), to the minute. */
const jst = (iso: string) => new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

function html(n: NoticeContent): string {
  const other: Lang = n.lang === 'ja' ? 'en' : 'ja';
  const stated = n.lang === 'ja'
    ? `ポリシー第${n.policyVersion}版(${jst(n.publishedAt)} 公開)に基づく表示 · 更新 ${jst(n.generatedAt)}`
    : `Based on policy version ${n.policyVersion} (published ${jst(n.publishedAt)} JST) · updated ${jst(n.generatedAt)} JST`;
  return `<!doctype html><html lang="${n.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(n.title)}</title><style>body{font-family:"IPAGothic","Noto Sans JP",sans-serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.7}
h1{font-size:1.4em}h2{font-size:1.1em;border-bottom:1px solid #999;margin-top:1.6em}@media print{a.lang{display:none}}</style></head><body>
<p><a class="lang" href="?lang=${other}">${other === 'en' ? 'English' : '日本語'}</a> · <a class="lang" href="?lang=${n.lang}&amp;format=json">JSON</a></p>
<h1>${esc(n.title)}</h1>
<p id="version"><small>${esc(stated)}</small></p>
${n.sections.map((s) => `<section id="${s.id}"><h2>${esc(s.heading)}</h2><ul>${s.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul></section>`).join('\n')}
</body></html>`;
}

/**
 * GET /privacy-notice — the public notice of APPI arts. 21 and 32 (operator, purposes, recipients, how to
 * request, fees, complaints desk, security measures, foreign recipients) without login: the one published for
 * the policy version in force (policy_notice, written at each publication), so the page shows exactly what the
 * history keeps. Japanese first; `?lang=en` for English; `?format=json` to export it. 503 while none is written.
 */
export function privacyNoticeRoute(deps: AppDeps, log: Log) {
  return async (req: Request, res: Response): Promise<void> => {
    const lang: Lang = req.query.lang === 'en' ? 'en' : 'ja';
    let content: NoticeContent | null = null;
    try {
      const row = await currentNoticeRow(deps.orm.em.fork() as EntityManager);
      content = row && noticeIn(row, lang);
    } catch (error) {
      log.warn({ reason: (error as Error).message }, 'privacy notice unavailable');
    }
    if (!content) {
      res.status(503).type('text/plain; charset=utf-8').send('一時的に表示できません / Temporarily unavailable');
      return;
    }
    res.set('cache-control', 'no-cache');
    if (req.query.format === 'json') {
      res.set('content-disposition', `attachment; filename="privacy-notice-${lang}.json"`).json(content);
      return;
    }
    res.type('text/html; charset=utf-8').send(html(content));
  };
}
