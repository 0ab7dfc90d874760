import { registerEnumType } from 'type-graphql';

/** Where a request's fee stands (APPI art. 38): none asked, asked, paid, or waived by the privacy manager. */
export enum FeeStatus { NONE = 'NONE', CHARGED = 'CHARGED', PAID = 'PAID', WAIVED = 'WAIVED' }
registerEnumType(FeeStatus, { name: 'FeeStatus' });
