import { Migration } from '@mikro-orm/migrations';

/** Foreign keys that pages and deletions look up by: items of orders, interactions by staff and order. */
export class Migration20261125193000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index if not exists "order_item_order_id_index" on "order_item" ("order_id");`);
    this.addSql(`create index if not exists "interaction_staff_id_index" on "interaction" ("staff_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "interaction_staff_id_index";`);
    this.addSql(`drop index if exists "order_item_order_id_index";`);
  }
}
