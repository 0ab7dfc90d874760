import 'reflect-metadata';
import { type GraphQLSchema, isObjectType, lexicographicSortSchema, printSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { buildSchemaSync } from 'type-graphql';
import { CATEGORIES, classifyField } from '../../../schema/policy';
import '../common/enums';
import { AuthResolver } from '../auth/auth.resolver';
import { MfaResolver } from '../auth/mfa.resolver';
import { TrustedDocumentResolver } from '../auth/trusted-documents/trusted-document.resolver';
import { PasswordSetupResolver } from '../auth/password-setup.resolver';
import { PasswordResetResolver } from '../auth/password-reset.resolver';
import { ApiKeyResolver } from '../auth/api-keys.resolver';
import { GrantRequestResolver } from '../modules/grants/grant.resolver';
import { ConsentResolver } from '../modules/consent/consent.resolver';
import { ContractorResolver } from '../modules/contractor/contractor.resolver';
import { CustomerResolver } from '../modules/customer/customer.resolver';
import { InteractionResolver } from '../modules/interaction/interaction.resolver';
import { OrderItemResolver, OrderResolver, ShipToResolver } from '../modules/order/order.resolver';
import { ProductResolver } from '../modules/product/product.resolver';
import { StaffResolver } from '../modules/staff/staff.resolver';
import { AccessEventResolver, CustomerAccessHistoryResolver, TrailResolver } from '../modules/trail/trail.resolver';
import { PrivacyRequestResolver } from '../modules/privacy-request/privacy-request.resolver';
import { LegalSettingsResolver } from '../modules/privacy-request/legal-settings.resolver';
import { SensitiveTermResolver } from '../modules/sensitive/sensitive.resolver';
import { ProvisionRecordResolver } from '../modules/provision/provision.resolver';
import { LeakIncidentResolver } from '../modules/leak-incident/leak-incident.resolver';
import { AuditFindingResolver, AuditResolver } from '../modules/audits/audit.resolver';
import { AuditTriageResolver } from '../modules/audits/triage.resolver';
import { StatisticsResolver } from '../modules/statistics/statistics.resolver';
import { ComplaintFieldsResolver, ComplaintResolver } from '../modules/complaints/complaint.resolver';
import { applyFieldMasking } from '../policy/field-masking';
import { declareWithheldRelations } from '../policy/relation-masking';
import { buildShield } from '../policy/shield';
import { ListMetadataResolver } from '../common/list-metadata.resolver';
import { ExportResolver } from '../modules/export/export.resolver';
import { CollectionCaseResolver } from '../modules/collection-case/collection-case.resolver';
import { MailingResolver } from '../modules/mailing/mailing.resolver';
import { HandoverResolver } from '../modules/provision/handover.resolver';
import { LiveRetentionResolver } from '../modules/live-retention/live-retention.resolver';
import { DashboardResolver } from '../modules/dashboard/dashboard';
import { PolicyVersionResolver } from '../modules/policy-versions/policy-version.resolver';
import { PrivacyNoticeResolver } from '../modules/privacy-notice/notice.resolver';
import { ShipmentWorkResolver } from '../modules/order/shipment-work';
import { MailingExclusionResolver } from '../modules/mailing/exclusions';

export const RESOLVERS = [
  AuthResolver, MfaResolver, TrustedDocumentResolver, PasswordSetupResolver, PasswordResetResolver, ApiKeyResolver, GrantRequestResolver, CustomerResolver, OrderResolver, ShipToResolver, OrderItemResolver, InteractionResolver, ConsentResolver,
  ProductResolver, ContractorResolver, StaffResolver, TrailResolver, AccessEventResolver, CustomerAccessHistoryResolver,
  PrivacyRequestResolver, LegalSettingsResolver, SensitiveTermResolver, ProvisionRecordResolver, LeakIncidentResolver,
  AuditResolver, AuditFindingResolver, AuditTriageResolver, StatisticsResolver, ComplaintResolver, ComplaintFieldsResolver,
  ListMetadataResolver, ExportResolver, CollectionCaseResolver, MailingResolver, HandoverResolver,
  LiveRetentionResolver, DashboardResolver, PolicyVersionResolver, ShipmentWorkResolver, MailingExclusionResolver,
  PrivacyNoticeResolver,
] as const;

/**
 * The schema as type-graphql builds it, with each personal field's description naming its category (as Saleor
 * does), and each relation some role × purpose may not follow nullable, its type with `maskedFields`.
 */
export function buildBareSchema(): GraphQLSchema {
  const schema = buildSchemaSync({ resolvers: RESOLVERS, validate: false, emitSchemaFile: false });
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const cls = classifyField(type.name, field.name);
      if (cls) {
        const note = `Personal data: ${cls.category} (${CATEGORIES[cls.category].ja}); masked or hidden by role × purpose.`;
        field.description = field.description ? `${field.description}\n\n${note}` : note;
      }
    }
  }
  return declareWithheldRelations(schema);
}

/** The served schema: masking on every personal field, then the shield (deny by default) around everything. */
export function buildSchema(): GraphQLSchema {
  const schema = applyFieldMasking(buildBareSchema());
  return applyMiddleware(schema, buildShield(schema));
}

export function printSchemaSdl(schema: GraphQLSchema = buildBareSchema()): string {
  return printSchema(lexicographicSortSchema(schema));
}
