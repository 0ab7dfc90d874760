/**
 * The store operator as the published policy names it (【11】 contact, 【14】 complaints desk): what the public
 * notice (APPI art. 32) says about who handles the data. The representative's name is not in the policy:
 * MAMORI_OPERATOR_REPRESENTATIVE supplies it (art. 32(1)(i)).
 */
export const OPERATOR = {
  name: { ja: 'blua LLC.「ママの素オンラインストア」', en: 'blua LLC. (Mama no Moto Online Store)' },
  entity: { ja: '合同会社', en: 'limited liability company (godo kaisha)' },
  postalCode: '140-0004',
  address: { ja: '東京都品川区南品川4-8-13', en: '4-8-13 Minami-Shinagawa, Shinagawa-ku, Tokyo' },
  email: 'customer_happy@mamanomoto.com',
  privacyManager: { ja: '個人情報保護管理者', en: 'Privacy manager' },
} as const;
