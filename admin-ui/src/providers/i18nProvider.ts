import * as polyglotModule from 'ra-i18n-polyglot';
import * as japanesePack from '@bicstone/ra-language-japanese';
import * as englishPack from 'ra-language-english';
import { mergeTranslations, type TranslationMessages } from 'react-admin';
import { unwrapDefault } from '../interop';
import { ja } from '../i18n/ja';

type BuildPolyglotProvider = (typeof polyglotModule)['default'];
// Both packages may reach us wrapped as `{ default }` (Vite 8 CommonJS interop; the Japanese pack is CommonJS).
const polyglotI18nProvider = unwrapDefault<BuildPolyglotProvider>(polyglotModule);
const japaneseMessages = unwrapDefault<TranslationMessages>(japanesePack);

const japanese = mergeTranslations(japaneseMessages, ja) as TranslationMessages;

/**
 * Our English messages are loaded only when chosen. (react-admin's own English pack is in the
 * first chunk anyway: react-admin's default i18nProvider imports it.)
 */
async function loadEnglish(): Promise<TranslationMessages> {
  const { en } = await import('../i18n/en');
  return mergeTranslations(unwrapDefault<TranslationMessages>(englishPack), en) as TranslationMessages;
}

export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'en' ? loadEnglish() : japanese),
  'ja',
  [
    { locale: 'ja', name: '日本語' },
    { locale: 'en', name: 'English' },
  ],
  { allowMissing: true },
);
