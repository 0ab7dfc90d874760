/**
 * Query options asking only for a record's id and label (ra-data-graphql-simple `sparseFields`).
 * Picking a customer in a form or filter must not read, and record in the access trail, that
 * customer's personal data; an order's ship-to block is personal data too.
 */
export const labelOnly = (field: string) => ({ meta: { sparseFields: ['id', field] } });

export const CUSTOMER_NUMBER_ONLY = labelOnly('customerNumber');
export const ORDER_NUMBER_ONLY = labelOnly('orderNumber');
