import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for a million customers (bench/, suite `scale`; docs/scaling.md).
 * - Prefix searches (`name_kana like 'ヤマ%'`, `phone_digits like '0901%'`): a plain b-tree serves LIKE only
 *   under the "C" collation, and databases here are C.UTF-8 or ja_JP.UTF-8. Kana are searched and sorted
 *   `collate "C"` (code point order: the gojūon order of katakana), so one index serves the prefix and the
 *   sorted page; phone digits use text_pattern_ops (the plain b-tree stays for `=`). customer_number is
 *   already unique (b-tree, exact match).
 * - `q` also matches a part of the name (`replace(name, ' ', '') like '%…%'`): a trigram index on that
 *   exact expression (terms of 3+ characters; shorter ones cannot use any index).
 * - List pages sorted by creation date, alone or within a prefecture or status (react-admin's defaults),
 *   read the first rows of an index instead of sorting a million.
 */
export class Migration20261125192000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create index "customer_name_kana_c_index" on "customer" ("name_kana" collate "C", "id");`);
    this.addSql(`create index "customer_phone_digits_prefix_index" on "customer" ("phone_digits" text_pattern_ops);`);
    this.addSql(`create index "customer_name_compact_trgm_index" on "customer" using gin ((replace("name", ' ', '')) gin_trgm_ops);`);
    this.addSql(`create index "customer_created_at_index" on "customer" ("created_at", "id");`);
    this.addSql(`create index "customer_prefecture_created_at_index" on "customer" ("prefecture", "created_at");`);
    this.addSql(`create index "customer_status_created_at_index" on "customer" ("status", "created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "customer_status_created_at_index";`);
    this.addSql(`drop index if exists "customer_prefecture_created_at_index";`);
    this.addSql(`drop index if exists "customer_created_at_index";`);
    this.addSql(`drop index if exists "customer_name_compact_trgm_index";`);
    this.addSql(`drop index if exists "customer_phone_digits_prefix_index";`);
    this.addSql(`drop index if exists "customer_name_kana_c_index";`);
  }
}
