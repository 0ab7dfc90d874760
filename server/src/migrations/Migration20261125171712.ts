import { Migration } from '@mikro-orm/migrations';

export class Migration20261125171712 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "gender" as enum ('FEMALE', 'MALE', 'OTHER', 'UNDISCLOSED');`);
    this.addSql(`create type "record_source" as enum ('PHONE', 'LETTER', 'FAX', 'EMAIL', 'WEB', 'IN_PERSON', 'REFERRAL');`);
    this.addSql(`create type "customer_status" as enum ('ACTIVE', 'USE_STOPPED', 'ERASED');`);
    this.addSql(`create type "consent_purpose" as enum ('PROMOTION', 'SURVEY_EVENT', 'NEW_PRODUCT_INFO', 'THIRD_PARTY_PROVISION', 'COOKIES');`);
    this.addSql(`create type "order_status" as enum ('PLACED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED');`);
    this.addSql(`create type "payment_status" as enum ('PAID', 'UNPAID', 'OVERDUE');`);
    this.addSql(`create type "channel" as enum ('PHONE', 'LETTER', 'FAX', 'EMAIL', 'WEB', 'IN_PERSON');`);
    this.addSql(`create type "direction" as enum ('INBOUND', 'OUTBOUND');`);
    this.addSql(`create type "interaction_kind" as enum ('INQUIRY', 'ORDER', 'COMPLAINT', 'PRIVACY_REQUEST', 'OTHER');`);
    this.addSql(`create table "contractor" ("id" serial primary key, "name" varchar(200) not null, "services" text[] not null, "data_categories" text[] not null, "agreement_date" date null, "agreement_expires_at" date null, "last_reviewed_at" date null, "created_at" timestamptz not null default now());`);

    this.addSql(`create table "customer" ("id" serial primary key, "customer_number" varchar(16) not null, "name" varchar(100) not null, "name_kana" varchar(100) not null, "postal_code" varchar(8) not null, "prefecture" varchar(4) not null, "city" varchar(100) not null, "address_line" varchar(200) not null, "phone" varchar(20) not null, "phone_digits" varchar(15) not null, "email" varchar(254) not null, "birth_date" date null, "gender" "gender" null, "lifestyle" text null, "occupation" text null, "card_brand" varchar(20) null, "card_last4" varchar(4) null, "card_expiry" varchar(5) null, "card_token" varchar(64) null, "source" "record_source" not null, "referrer_id" int null, "household_id" varchar(16) null, "status" "customer_status" not null default 'ACTIVE', "provision_stopped" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "customer" add constraint "customer_customer_number_unique" unique ("customer_number");`);
    this.addSql(`create index "customer_phone_digits_index" on "customer" ("phone_digits");`);
    this.addSql(`create index "customer_email_index" on "customer" ("email");`);
    this.addSql(`create index "customer_household_id_index" on "customer" ("household_id");`);

    this.addSql(`create table "consent" ("id" serial primary key, "customer_id" int not null, "purpose" "consent_purpose" not null, "granted_at" timestamptz not null, "withdrawn_at" timestamptz null, "source" "record_source" not null, "guardian_consent" boolean not null default false, "guardian_consent_at" timestamptz null);`);
    this.addSql(`create index "consent_customer_id_purpose_index" on "consent" ("customer_id", "purpose");`);

    this.addSql(`create table "order" ("id" serial primary key, "order_number" varchar(20) not null, "customer_id" int not null, "total_yen" int not null, "status" "order_status" not null, "payment_status" "payment_status" not null, "ship_to_name" varchar(100) not null, "ship_to_postal_code" varchar(8) not null, "ship_to_prefecture" varchar(4) not null, "ship_to_city" varchar(100) not null, "ship_to_address_line" varchar(200) not null, "ship_to_phone" varchar(20) not null, "carrier_id" int null, "placed_at" timestamptz not null, "shipped_at" timestamptz null, "delivered_at" timestamptz null, "payment_due_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "order" add constraint "order_order_number_unique" unique ("order_number");`);
    this.addSql(`create index "order_payment_status_index" on "order" ("payment_status");`);
    this.addSql(`create index "order_carrier_id_index" on "order" ("carrier_id");`);
    this.addSql(`create index "order_customer_id_placed_at_index" on "order" ("customer_id", "placed_at");`);

    this.addSql(`create table "product" ("id" serial primary key, "sku" varchar(32) not null, "name" varchar(200) not null, "price_yen" int not null, "active" boolean not null default true);`);
    this.addSql(`alter table "product" add constraint "product_sku_unique" unique ("sku");`);

    this.addSql(`create table "order_item" ("id" serial primary key, "order_id" int not null, "product_id" int null, "product_name" varchar(200) not null, "quantity" int not null, "unit_price_yen" int not null);`);

    this.addSql(`create table "staff" ("id" serial primary key, "name" varchar(100) not null, "email" varchar(254) not null, "role" varchar(32) not null, "contractor_id" int null, "password_hash" varchar(200) not null, "active" boolean not null default true, "token_version" int not null default 1, "created_at" timestamptz not null default now(), constraint staff_role_check check (role in ('SUPPORT','FULFILLMENT','MARKETING','ACCOUNTING','PRIVACY_MANAGER','AUDITOR','ADMIN','CARRIER','MAILING_HOUSE','COLLECTION_AGENCY')));`);
    this.addSql(`create index "staff_email_index" on "staff" ("email");`);
    this.addSql(`alter table "staff" add constraint "staff_email_unique" unique ("email");`);

    this.addSql(`create table "interaction" ("id" serial primary key, "customer_id" int not null, "order_id" int null, "channel" "channel" not null, "direction" "direction" not null, "kind" "interaction_kind" not null, "staff_id" int null, "occurred_at" timestamptz not null, "summary" text not null, "transcript" text null, "recording_key" varchar(200) null, "recording_duration_sec" int null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "interaction_order_id_index" on "interaction" ("order_id");`);
    this.addSql(`create index "interaction_customer_id_occurred_at_index" on "interaction" ("customer_id", "occurred_at");`);

    this.addSql(`alter table "customer" add constraint "customer_referrer_id_foreign" foreign key ("referrer_id") references "customer" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "consent" add constraint "consent_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);

    this.addSql(`alter table "order" add constraint "order_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "order" add constraint "order_carrier_id_foreign" foreign key ("carrier_id") references "contractor" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "order_item" add constraint "order_item_order_id_foreign" foreign key ("order_id") references "order" ("id") on update cascade;`);
    this.addSql(`alter table "order_item" add constraint "order_item_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "staff" add constraint "staff_contractor_id_foreign" foreign key ("contractor_id") references "contractor" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "interaction" add constraint "interaction_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "interaction" add constraint "interaction_order_id_foreign" foreign key ("order_id") references "order" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "interaction" add constraint "interaction_staff_id_foreign" foreign key ("staff_id") references "staff" ("id") on update cascade on delete set null;`);
  }

}
