import { TableBuffer } from './bulk';
import { DAY, iso, type SeedContext } from './context';
import type { GeneratedCustomer } from './customers';
import { Rng } from './random';

export const consentColumns = () => new TableBuffer('consent', {
  id: 'int', customer_id: 'int', purpose: 'consent_purpose', granted_at: 'timestamptz', withdrawn_at: 'timestamptz',
  source: 'record_source', guardian_consent: 'bool', guardian_consent_at: 'timestamptz',
});

const PURPOSES = { PROMOTION: 0.7, SURVEY_EVENT: 0.4, NEW_PRODUCT_INFO: 0.6, THIRD_PARTY_PROVISION: 0.15, COOKIES: 0.8 } as const;
const MARKETING = new Set(['PROMOTION', 'SURVEY_EVENT', 'NEW_PRODUCT_INFO']);

/**
 * Consents for about 60% of customers (every minor asks to receive news, so the guardian rule of 【12】 has
 * cases); minors alternate between having and lacking a guardian's consent; some consents are withdrawn.
 */
export class ConsentGenerator {
  private readonly rng: Rng;
  private minorsSeen = 0;
  count = 0;
  minorsWithGuardian = 0;
  minorsWithoutGuardian = 0;

  constructor(private readonly ctx: SeedContext) {
    this.rng = new Rng(ctx.seed, 'consents');
  }

  forCustomer(c: GeneratedCustomer, out: TableBuffer): void {
    const { rng, ctx } = this;
    if (!c.minor && !rng.chance(0.6)) return;
    const guardian = c.minor && this.minorsSeen++ % 2 === 0;
    if (c.minor) guardian ? this.minorsWithGuardian++ : this.minorsWithoutGuardian++;
    const source = c.source === 'REFERRAL' ? 'WEB' : c.source;
    let any = false;
    for (const [purpose, p] of Object.entries(PURPOSES)) {
      // Everyone who has consents at all has at least a promotion one.
      if (!rng.chance(p) && (any || purpose !== 'PROMOTION')) continue;
      any = true;
      const grantedMs = Math.min(c.createdMs + rng.int(0, 30) * DAY, ctx.today - 1);
      const stopped = c.status === 'USE_STOPPED' && MARKETING.has(purpose);
      const withdrawn = stopped || rng.chance(0.12);
      const withdrawnMs = withdrawn ? grantedMs + rng.next() * (ctx.today - grantedMs) : null;
      out.add(
        ++ctx.ids.consent, c.id, purpose, iso(grantedMs), withdrawnMs && iso(withdrawnMs), source,
        guardian, guardian ? iso(grantedMs) : null,
      );
      this.count++;
    }
  }
}
