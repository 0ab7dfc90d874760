import { Migration } from '@mikro-orm/migrations';

/**
 * Contractor assignments (#17): an overdue order handed to one collection agency (a collection case, closed
 * when the payment is settled), a mailing under one consent purpose handed to one mailing house with its
 * recipients. The row scopes of contractor accounts read these, so every condition they use is indexed.
 */
export class Migration20261206200000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table collection_case (
      id serial primary key,
      order_id int not null references "order" (id) on update cascade on delete cascade,
      contractor_id int not null references contractor (id) on update cascade,
      opened_by_id int null references staff (id) on update cascade on delete set null,
      opened_at timestamptz not null default now(),
      closed_at timestamptz null,
      close_reason varchar(16) null check (close_reason in ('SETTLED', 'RECALLED', 'ERASED')),
      closed_by_id int null references staff (id) on update cascade on delete set null,
      check ((closed_at is null) = (close_reason is null)));`);
    // One open case per order: handing the same order over twice while open is a conflict.
    this.addSql(`create unique index collection_case_open_order on collection_case (order_id) where closed_at is null;`);
    this.addSql(`create index collection_case_open_contractor on collection_case (contractor_id, order_id) where closed_at is null;`);
    this.addSql(`create index collection_case_order on collection_case (order_id, opened_at);`);

    // A case ends when the order stops being overdue (paid, or back to unpaid by accounting): whatever wrote it.
    this.addSql(`create function collection_case_settle() returns trigger language plpgsql as $$
      begin
        update collection_case set closed_at = now(), close_reason = 'SETTLED' where order_id = new.id and closed_at is null;
        return new;
      end $$;`);
    this.addSql(`create trigger collection_case_settle after update of payment_status on "order"
      for each row when (old.payment_status = 'OVERDUE' and new.payment_status <> 'OVERDUE') execute function collection_case_settle();`);

    this.addSql(`create table mailing (
      id serial primary key,
      name varchar(200) not null,
      purpose varchar(32) not null check (purpose in ('PROMOTION', 'SURVEY_EVENT', 'NEW_PRODUCT_INFO')),
      status varchar(16) not null default 'DRAFT' check (status in ('DRAFT', 'HANDED_OVER', 'SENT', 'CANCELLED')),
      contractor_id int null references contractor (id) on update cascade,
      created_by_id int null references staff (id) on update cascade on delete set null,
      created_at timestamptz not null default now(),
      handed_over_by_id int null references staff (id) on update cascade on delete set null,
      handed_over_at timestamptz null,
      closed_at timestamptz null,
      check (status not in ('HANDED_OVER', 'SENT') or (contractor_id is not null and handed_over_at is not null)));`);
    this.addSql(`create index mailing_open_contractor on mailing (contractor_id, purpose) where status = 'HANDED_OVER';`);
    this.addSql(`create table mailing_recipient (
      mailing_id int not null references mailing (id) on update cascade on delete cascade,
      customer_id int not null references customer (id) on update cascade,
      primary key (mailing_id, customer_id));`);
    this.addSql(`create index mailing_recipient_customer on mailing_recipient (customer_id, mailing_id);`);

    // A carrier's scope: its own orders still to deliver, per customer.
    this.addSql(`create index order_carrier_open on "order" (carrier_id, customer_id) where status in ('PLACED', 'SHIPPED');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists order_carrier_open;`);
    this.addSql(`drop table if exists mailing_recipient;`);
    this.addSql(`drop table if exists mailing;`);
    this.addSql(`drop trigger if exists collection_case_settle on "order";`);
    this.addSql(`drop function if exists collection_case_settle();`);
    this.addSql(`drop table if exists collection_case;`);
  }
}
