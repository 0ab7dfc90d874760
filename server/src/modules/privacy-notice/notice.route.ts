import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import type { AppDeps } from '../../context';
import { type Lang, type NoticeContent, noticeContent } from './notice-content';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function html(n: NoticeContent): string {
  const other: Lang = n.lang === 'ja' ? 'en' : 'ja';
  return `<!doctype html><html lang="${n.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(n.title)}</title><style>body{font-family:"IPAGothic","Noto Sans JP",sans-serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.7}
h1{font-size:1.4em}h2{font-size:1.1em;border-bottom:1px solid #999;margin-top:1.6em}@media print{a.lang{display:none}}</style></head><body>
<p><a class="lang" href="?lang=${other}">${other === 'en' ? 'English' : '日本語'}</a> · <a class="lang" href="?lang=${n.lang}&amp;format=json">JSON</a></p>
<h1>${esc(n.title)}</h1>
${n.sections.map((s) => `<section id="${s.id}"><h2>${esc(s.heading)}</h2><ul>${s.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul></section>`).join('\n')}
<p><small>${esc(n.generatedAt)}</small></p></body></html>`;
}

/**
 * GET /privacy-notice — the public notice of APPI arts. 21 and 32 (operator, purposes, how to request, fees,
 * complaints desk, security measures, foreign recipients), generated from the policy and the settings in
 * force, without login. Japanese first; `?lang=en` for English; `?format=json` to export it.
 */
export function privacyNoticeRoute(deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const lang: Lang = req.query.lang === 'en' ? 'en' : 'ja';
    let content: NoticeContent;
    try {
      content = await noticeContent(deps.orm.em.fork() as EntityManager, lang);
    } catch {
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
