import { Migration } from '@mikro-orm/migrations';

/**
 * Finding a person (#21) stays fast at a million customers: the last digits of a phone number
 * (`reverse(phone_digits) like '8765%'`: a prefix of the reversed digits, text_pattern_ops) and a part
 * of an e-mail address (`email like '%tanaka%'`: trigrams, terms of 3+ characters).
 */
export class Migration20261206900000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "customer_phone_digits_reverse_index" on "customer" ((reverse("phone_digits")) text_pattern_ops);`);
    this.addSql(`create index "customer_email_trgm_index" on "customer" using gin ("email" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "customer_email_trgm_index";`);
    this.addSql(`drop index if exists "customer_phone_digits_reverse_index";`);
  }
}
