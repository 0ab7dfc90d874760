import { Migration } from '@mikro-orm/migrations';

export class Migration20261125172407 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "session" ("id" uuid not null, "staff_id" int not null, "token_version" int not null, "created_at" timestamptz not null default now(), "expires_at" timestamptz not null, "revoked_at" timestamptz null, constraint "session_pkey" primary key ("id"));`);

    this.addSql(`create table "api_key" ("id" serial primary key, "name" varchar(100) not null, "role" varchar(32) not null, "purposes" text[] not null, "prefix" varchar(16) not null, "secret_hash" varchar(64) not null, "created_by_id" int null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null);`);
    this.addSql(`alter table "api_key" add constraint "api_key_prefix_unique" unique ("prefix");`);

    this.addSql(`alter table "session" add constraint "session_staff_id_foreign" foreign key ("staff_id") references "staff" ("id") on update cascade;`);

    this.addSql(`alter table "api_key" add constraint "api_key_created_by_id_foreign" foreign key ("created_by_id") references "staff" ("id") on update cascade on delete set null;`);

    this.addSql(`create index "session_staff_id_index" on "session" ("staff_id");`);
    // Human-readable numbers for new customers and orders (seeded rows take numbers below these).
    this.addSql(`create sequence customer_number_seq start 5000000;`);
    this.addSql(`create sequence order_number_seq start 500000000;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "session" cascade;`);

    this.addSql(`drop table if exists "api_key" cascade;`);
    this.addSql(`drop sequence if exists customer_number_seq;`);
    this.addSql(`drop sequence if exists order_number_seq;`);
  }

}
