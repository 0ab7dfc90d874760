import type { GraphQLFormattedError } from 'graphql';

/** What the server said went wrong, in the user's language (server common/errors.ts: messageJa / messageEn). */
export interface ApiError {
  message: string;
  /** The argument at fault (BAD_USER_INPUT, some CONFLICTs). */
  field?: string;
  code?: string;
  /** Why, when the server says more than the code (e.g. THROTTLED, LOCKED_OUT, WRONG_CODE on a login). */
  reason?: string;
}

/** The GraphQL errors carried by an ApolloError, or by the HttpError ra-data-graphql wraps one in. */
export function graphQLErrorsOf(error: unknown): readonly GraphQLFormattedError[] {
  const candidates = [error, (error as { body?: unknown })?.body] as Array<{ graphQLErrors?: GraphQLFormattedError[] } | undefined>;
  return candidates.flatMap((e) => e?.graphQLErrors ?? []);
}

/** `日本語 / English` → the half for `locale` (the server writes some texts in both). */
export function inLanguage(text: string, locale: string): string {
  const [ja, en] = text.split(' / ');
  return (locale === 'en' ? en : ja) ?? text;
}

export function apiErrorOf(error: unknown, locale: string): ApiError {
  const [first] = graphQLErrorsOf(error);
  if (!first) return { message: error instanceof Error ? error.message : String(error) };
  const extensions = (first.extensions ?? {}) as { code?: string; field?: string; reason?: string; messageJa?: string; messageEn?: string };
  const localized = locale === 'en' ? extensions.messageEn : extensions.messageJa;
  return { message: localized ?? inLanguage(first.message, locale), field: extensions.field, code: extensions.code, reason: extensions.reason };
}
