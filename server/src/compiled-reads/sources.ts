import type { RequestContext } from '../context';
import type { ListArgs } from '../common/list';
import { idOf } from '../common/list';
import { CustomerService } from '../modules/customer/customer.service';
import type { CustomerFilter } from '../modules/customer/customer.inputs';
import { OrderService } from '../modules/order/order.service';
import type { OrderFilter } from '../modules/order/order.inputs';
import { InteractionService } from '../modules/interaction/interaction.service';
import type { InteractionFilter } from '../modules/interaction/interaction.inputs';
import { type ConsentQuery, ConsentService } from '../modules/consent/consent.service';
import { ComplaintService } from '../modules/complaints/complaint.service';
import type { ComplaintFilter } from '../modules/complaints/complaint.inputs';
import { PrivacyRequestService } from '../modules/privacy-request/privacy-request.service';
import type { PrivacyRequestFilter } from '../modules/privacy-request/privacy-request.inputs';
import { CollectionCaseService } from '../modules/collection-case/collection-case.service';
import type { CollectionCaseFilter } from '../modules/collection-case/collection-case.inputs';
import { ProvisionService } from '../modules/provision/provision.service';
import type { ProvisionRecordFilter } from '../modules/provision/provision.inputs';
import { intArray } from '../common/sql';
import { selectParts, type SelectList } from '../common/scoped-query';
import { emRunner } from '../db/read-pool';
import { sqlText } from '../common/sql-text';
import { accessEventOf, accessHistoryPage } from '../modules/trail/trail.service';

export type Row = Record<string, unknown>;

/**
 * Where the compiled path reads the rows of a root field: the same service and statement as the field's
 * resolver (row scope, filter, sort, paging, input checks), returning raw rows of the planned columns.
 * `select` may carry parameters of its own (`selectParams`, the session check). Which fields may run and
 * what is served of each row is not decided here: the shield's verdict and the projector decide it.
 */
export interface RootSource {
  typeName: string;
  /** A by-id root answers one object (NOT_FOUND when the row is not visible); a list root a list. */
  byId: boolean;
  rows(ctx: RequestContext, args: Record<string, unknown>, select: SelectList, selectParams: readonly unknown[]): Promise<Row[]>;
}

type ListInput<F> = ListArgs & { filter?: F | null };

export const ROOTS: Readonly<Record<string, RootSource>> = {
  allCustomers: { typeName: 'Customer', byId: false,
    rows: (ctx, a, s, p) => new CustomerService(ctx).page(a as ListInput<CustomerFilter>, (a as ListInput<CustomerFilter>).filter ?? {}, s, p) },
  allOrders: { typeName: 'Order', byId: false,
    rows: (ctx, a, s, p) => new OrderService(ctx).page(a as ListInput<OrderFilter>, (a as ListInput<OrderFilter>).filter ?? {}, s, p) },
  allInteractions: { typeName: 'Interaction', byId: false,
    rows: (ctx, a, s, p) => new InteractionService(ctx).page(a as ListInput<InteractionFilter>, (a as ListInput<InteractionFilter>).filter ?? {}, s, p) },
  allConsents: { typeName: 'Consent', byId: false,
    rows: (ctx, a, s, p) => new ConsentService(ctx).page(a as ListInput<ConsentQuery>, (a as ListInput<ConsentQuery>).filter ?? {}, s, p) },
  allComplaints: { typeName: 'Interaction', byId: false,
    rows: (ctx, a, s, p) => new ComplaintService(ctx).page(a as ListInput<ComplaintFilter>, (a as ListInput<ComplaintFilter>).filter ?? {}, s, p) },
  allPrivacyRequests: { typeName: 'PrivacyRequest', byId: false,
    rows: (ctx, a, s, p) => new PrivacyRequestService(ctx).page(a as ListInput<PrivacyRequestFilter>, (a as ListInput<PrivacyRequestFilter>).filter ?? {}, s, p) },
  PrivacyRequest: { typeName: 'PrivacyRequest', byId: true, rows: (ctx, a, s, p) => new PrivacyRequestService(ctx).rowsById(a.id, s, p) },
  Consent: { typeName: 'Consent', byId: true, rows: (ctx, a, s, p) => new ConsentService(ctx).rowsById(a.id, s, p) },
  Customer: { typeName: 'Customer', byId: true, rows: (ctx, a, s, p) => new CustomerService(ctx).visibleRowsByIds([idOf(a.id)], s, p) },
  Order: { typeName: 'Order', byId: true, rows: (ctx, a, s, p) => new OrderService(ctx).visibleRowsByIds([idOf(a.id)], s, p) },
  // As InteractionService.get: the list's statement narrowed to the id.
  Interaction: { typeName: 'Interaction', byId: true,
    rows: (ctx, a, s, p) => new InteractionService(ctx).page({ perPage: 1 }, { ids: [String(idOf(a.id))] }, s, p) },
  allCollectionCases: { typeName: 'CollectionCase', byId: false,
    rows: (ctx, a, s, p) => new CollectionCaseService(ctx).page(a as ListInput<CollectionCaseFilter>, (a as ListInput<CollectionCaseFilter>).filter ?? {}, s, p) },
  // As CollectionCaseService.get and ProvisionService.get: the list's statement narrowed to the id.
  CollectionCase: { typeName: 'CollectionCase', byId: true,
    rows: (ctx, a, s, p) => new CollectionCaseService(ctx).page({ perPage: 1 }, { ids: [String(idOf(a.id))] }, s, p) },
  allProvisionRecords: { typeName: 'ProvisionRecord', byId: false,
    rows: (ctx, a, s, p) => new ProvisionService(ctx).page(a as ListInput<ProvisionRecordFilter>, (a as ListInput<ProvisionRecordFilter>).filter ?? undefined, s, p) },
  ProvisionRecord: { typeName: 'ProvisionRecord', byId: true,
    rows: (ctx, a, s, p) => new ProvisionService(ctx).page({ perPage: 1 }, { ids: [String(idOf(a.id))] }, s, p) },
};

/** The key a relation's records are read and grouped by: an id, or a household id. */
export type Key = number | string;

/**
 * How a relation's records are read for a whole level at once (one statement per relation and level, whatever
 * the page size): the loader's service and statement (graphql/loaders.ts), keyed as the loader is keyed, and
 * picked per parent as the field's resolver picks. Whether the relation may be followed at all is the policy's
 * answer (ctx.policy.mayFollow, relation-masking.ts), asked by the executor as the resolvers ask it.
 */
export interface RelationSource {
  /** The type (and resource) of the records it leads to. */
  target: string;
  many: boolean;
  /** The parent record's property holding the key: its `id`, a many-to-one, or a column (a household id). */
  parentProperty: string;
  /** The column of the loaded rows (alias of the target's statement) the key is matched on. */
  childColumn: string;
  /**
   * Of a key's records, only the one whose `childColumn` is the parent's `parentProperty` (a many-to-one), as
   * `Interaction.order` finds its order among its customer's; no statement for a parent without it.
   */
  pick?: { parentProperty: string; childColumn: string };
  /** The parent is left out of its own records (a customer is not their own family member). */
  notSelf?: boolean;
  /** The field's arguments the loader takes (any other: not planned). */
  args: readonly string[];
  /** Arguments its resolver answers without an error (others: graphql-js answers them, before any statement). */
  accepts?: (args: Record<string, unknown>) => boolean;
  /**
   * It reads the trail, which its own request then adds to: shadow mode's second run reads it bounded by the trail
   * as the request read it (trail/trail-horizon.ts, through TrailService.accessRowsForCustomers).
   */
  readsTrail?: boolean;
  load(ctx: RequestContext, keys: Key[], select: SelectList, args: Record<string, unknown>): Promise<Row[]>;
}

const ids = (keys: Key[]) => keys.map(Number);

const customerBy = (parentProperty: string): RelationSource => ({
  target: 'Customer', many: false, parentProperty, childColumn: 'id', args: [],
  load: (ctx, keys, select) => new CustomerService(ctx).visibleRowsByIds(ids(keys), select),
});

/**
 * Records of a resource about no customer (staff accounts, contractors) by primary key, as their loaders read
 * them (`em.find` by id, no row scope: the relation is followed only when the request may read the resource).
 */
const byPrimaryKey = (target: 'Staff' | 'Contractor', table: string, parentProperty: string): RelationSource => ({
  target, many: false, parentProperty, childColumn: 'id', args: [],
  load: (ctx, keys, select) => {
    const { columns, joins } = selectParts(select);
    const a = ALIAS[target];
    return (ctx.readRunner ?? emRunner(ctx.em))(sqlText`select ${columns} from "${table}" ${a}${joins} where ${a}.id = any(?::int[])`, [intArray(ids(keys))], true);
  },
});

export const RELATIONS: Readonly<Record<string, RelationSource>> = {
  'Order.customer': customerBy('customer'),
  'Interaction.customer': customerBy('customer'),
  'PrivacyRequest.customer': customerBy('customer'),
  'ProvisionRecord.customer': customerBy('customer'),
  // As its resolver: the customer an access event is about (none for an event about no one).
  'AccessEvent.customer': customerBy('customerId'),
  'CollectionCase.order': {
    target: 'Order', many: false, parentProperty: 'order', childColumn: 'id', args: [],
    load: (ctx, keys, select) => new OrderService(ctx).visibleRowsByIds(ids(keys), select),
  },
  'Customer.referrer': customerBy('referrer'),
  'Customer.familyMembers': {
    target: 'Customer', many: true, parentProperty: 'householdId', childColumn: 'household_id', notSelf: true, args: [],
    load: (ctx, keys, select) => new CustomerService(ctx).visibleRowsInHouseholds(keys.map(String), select),
  },
  'Order.items': {
    target: 'OrderItem', many: true, parentProperty: 'id', childColumn: 'order_id', args: [],
    load: (ctx, keys, select) => new OrderService(ctx).itemRowsForOrders(ids(keys), select),
  },
  'Order.carrier': byPrimaryKey('Contractor', 'contractor', 'carrier'),
  'Interaction.staff': byPrimaryKey('Staff', 'staff', 'staff'),
  'Interaction.complaintOwner': byPrimaryKey('Staff', 'staff', 'complaintOwner'),
  // As the resolver: the interaction's order among its customer's orders (ordersByCustomer), none without a customer.
  'Interaction.order': {
    target: 'Order', many: false, parentProperty: 'customer', childColumn: 'customer_id', pick: { parentProperty: 'order', childColumn: 'id' }, args: [],
    load: (ctx, keys, select) => new OrderService(ctx).visibleRowsForCustomers(ids(keys), select),
  },
  'Customer.orders': {
    target: 'Order', many: true, parentProperty: 'id', childColumn: 'customer_id', args: ['last'],
    // As the resolver: `last` above 0 keeps each customer's newest that many (read as such), else all.
    load: (ctx, keys, select, args) => {
      const last = args.last as number | null | undefined;
      return new OrderService(ctx).visibleRowsForCustomers(ids(keys), select, last && last > 0 ? last : undefined);
    },
  },
  'Customer.interactions': {
    target: 'Interaction', many: true, parentProperty: 'id', childColumn: 'customer_id', args: [],
    load: (ctx, keys, select) => new InteractionService(ctx).visibleRowsForCustomers(ids(keys), select),
  },
  // Through the resolver's own loader (whole rows, `t.*`): the level's customers in one statement per page size,
  // each one's read of the trail recorded once per request (aliases with other sizes alike), written in canonical order.
  'Customer.accessHistory': {
    target: 'AccessEvent', many: true, parentProperty: 'id', childColumn: 'customer_id', args: ['last'], readsTrail: true,
    accepts: (args) => { const n = accessHistoryPage(args.last as number | null | undefined); return Number.isInteger(n) && n >= 1; },
    load: async (ctx, keys, _select, args) => {
      const perPage = accessHistoryPage(args.last as number | null | undefined);
      return (await Promise.all(keys.map((k) => ctx.loaders.accessHistory.load(`${k}:${perPage}`)))).flat();
    },
  },
  'Customer.consents': {
    target: 'Consent', many: true, parentProperty: 'id', childColumn: 'customer_id', args: [],
    load: (ctx, keys, select) => new ConsentService(ctx).visibleRowsForCustomers(ids(keys), select),
  },
};

/** Table aliases of each type's statements (the services' own). A ship-to block is read from its order's row. */
export const ALIAS: Readonly<Record<string, string>> = {
  Customer: 'c', Order: 'o', Interaction: 'i', OrderItem: 'oi', ShipTo: 'o', Consent: 'k', PrivacyRequest: 'r', Staff: 's', Contractor: 'ct', AccessEvent: 't',
  CollectionCase: 'k', ProvisionRecord: 'p',
};

/** Types that are no entity: their record is built from the whole row by the service's own mapper. */
export const MAPPED: Readonly<Record<string, (row: Row) => Record<string, unknown>>> = {
  AccessEvent: (row) => accessEventOf(row) as unknown as Record<string, unknown>,
};

/** Object fields stored in their parent's row: the ship-to block of an order (the projector reads it as a record of its own). */
export const EMBEDDED: Readonly<Record<string, { type: string; property: string }>> = { 'Order.shipTo': { type: 'ShipTo', property: 'shipTo' } };
