import { registerEnumType } from 'type-graphql';

/** Where a complaint stands (【14】): received, answered, closed. */
export enum ComplaintStatus { OPEN = 'OPEN', ANSWERED = 'ANSWERED', CLOSED = 'CLOSED' }

registerEnumType(ComplaintStatus, { name: 'ComplaintStatus' });
