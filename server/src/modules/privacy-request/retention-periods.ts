import { configuredNumber } from './japan-dates';

/**
 * Legal retention duties that outlast a deletion request (【11】 "法的な保管義務").
 * Orders and payment records: the tax-law duty on books and vouchers, counted here as 7 years from the
 * order date (`MAMORI_TAX_RETENTION_YEARS`). Third-party provision records: 3 years (APPI art. 29,
 * `MAMORI_PROVISION_RECORD_YEARS`). A record falls due on the anniversary date, in Japan.
 */
export const TAX_RETENTION_YEARS = configuredNumber('MAMORI_TAX_RETENTION_YEARS', 7, 1, 30);
export const PROVISION_RECORD_YEARS = configuredNumber('MAMORI_PROVISION_RECORD_YEARS', 3, 1, 30);

export const TAX_DUTY_REASON =
  `帳簿書類の保存義務(注文日から${TAX_RETENTION_YEARS}年) / tax-law duty to keep books and vouchers, ${TAX_RETENTION_YEARS} years from the order`;
export const PROVISION_DUTY_REASON =
  `第三者提供記録の保存義務(個人情報保護法第29条・${PROVISION_RECORD_YEARS}年) / APPI art. 29 provision records, ${PROVISION_RECORD_YEARS} years`;

/** SQL: the Japanese date an order placed at `col` falls due for deletion (bind TAX_RETENTION_YEARS). */
export const orderDueSql = (col: string) => `((${col} at time zone 'Asia/Tokyo')::date + make_interval(years => ?))::date`;
