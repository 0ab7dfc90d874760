import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { badInput, notFound } from '../../common/errors';
import type { RequestContext } from '../../context';
import { currentNoticeRow, isLang, noticeIn, type NoticeRow, noticeRows } from './notice-store';
import { PrivacyNotice } from './notice.types';
import type { Lang } from './notice-words';

function langOf(lang: unknown): Lang {
  if (lang == null) return 'ja';
  if (!isLang(lang)) throw badInput('lang', '言語は ja または en です', 'lang is ja or en');
  return lang;
}

function view(row: NoticeRow, lang: Lang): PrivacyNotice {
  const n = noticeIn(row, lang);
  return {
    id: String(row.id), policyVersion: n.policyVersion, policyLabel: n.policyLabel, publishedAt: new Date(n.publishedAt), generatedAt: new Date(n.generatedAt),
    cause: row.cause, hash: row.hash, previousHash: row.previous_hash, inForce: !!row.in_force, lang, title: n.title,
    sections: n.sections.map((s) => ({ key: s.id, heading: s.heading, items: s.items })),
  };
}

/**
 * The public notice (#23 item 5): the current one for anyone (it states the policy, no person), its history
 * for holders of POWERS.viewPolicyVersions (the shield's rules, schema/policy operations.ts and powers.ts).
 */
@Resolver(() => PrivacyNotice)
export class PrivacyNoticeResolver {
  @Query(() => PrivacyNotice, { description: 'The notice published now (public). lang: ja (default) or en, else BAD_USER_INPUT; NOT_FOUND before the server first wrote one' })
  async privacyNotice(@Arg('lang', () => String, { nullable: true }) lang: string | null, @Ctx() ctx: RequestContext) {
    const l = langOf(lang);
    const row = await currentNoticeRow(ctx.em);
    if (!row) throw notFound('PrivacyNotice');
    return view(row, l);
  }

  @Query(() => [PrivacyNotice], { description: 'Every notice published, newest first, with the version each states' })
  async privacyNoticeHistory(@Arg('lang', () => String, { nullable: true }) lang: string | null, @Ctx() ctx: RequestContext) {
    const l = langOf(lang);
    return (await noticeRows(ctx.em)).map((r) => view(r, l));
  }
}
