import { Customer } from '../modules/customer/customer.entity';
import { Order, OrderItem, ShipTo } from '../modules/order/order.entity';
import { Product } from '../modules/product/product.entity';
import { Contractor } from '../modules/contractor/contractor.entity';
import { Staff } from '../modules/staff/staff.entity';
import { Interaction } from '../modules/interaction/interaction.entity';
import { Consent } from '../modules/consent/consent.entity';
import { ApiKey, Session } from '../auth/auth.entities';
import { PrivacyRequest } from '../modules/privacy-request/privacy-request.entity';
import { ProvisionRecord } from '../modules/provision/provision-record.entity';
import { LeakIncident } from '../modules/leak-incident/leak-incident.entity';
import { Audit, AuditFinding } from '../modules/audits/audit.entity';
import { TrustedDocument } from '../auth/trusted-documents/trusted-document.entity';
import { GrantRequest } from '../modules/grants/grant-request.entity';
import { CollectionCase } from '../modules/collection-case/collection-case.entity';
import { Mailing } from '../modules/mailing/mailing.entity';

/** Every entity the ORM knows; listed explicitly (no folder scanning: tsx and vitest both load them). */
export const ENTITIES = [Customer, Order, OrderItem, ShipTo, Product, Contractor, Staff, Interaction, Consent, Session, ApiKey,
  PrivacyRequest, ProvisionRecord, LeakIncident, Audit, AuditFinding, TrustedDocument, GrantRequest, CollectionCase, Mailing];
