import { Inject, Injectable } from '@nestjs/common';
import { config } from '../../config';
import { ConflictError } from '../../core/errors';
import { TenantContext } from '../../core/tenant-context';
import { ShopSettingsService } from '../tenant';
import { OFFLINE_PROVIDER, OfflinePaymentProvider } from './offline-payment.provider';
import { PaymentProvider } from './payment.provider';

/** The injection token of the list of providers this deployment offers (payment.module.ts builds it). */
export const PAYMENT_PROVIDER_LIST = Symbol('PAYMENT_PROVIDER_LIST');

/**
 * The providers this deployment offers, by name, and which one a shop uses (its
 * `paymentProvider` setting). A strategy per provider: the payment saga never names one.
 */
@Injectable()
export class PaymentProviders {
  private readonly byName: Map<string, PaymentProvider>;
  /** Payments staff recorded: their steps (a refund) go through it; it is never offered to shops or webhooks. */
  private readonly offline = new OfflinePaymentProvider();

  constructor(
    @Inject(PAYMENT_PROVIDER_LIST) providers: PaymentProvider[],
    private readonly settings: ShopSettingsService,
  ) {
    this.byName = new Map(providers.map((p) => [p.name, p]));
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  get(name: string): PaymentProvider | undefined {
    return this.byName.get(name);
  }

  /** The provider of a payment already made (its name is in the payment). */
  of(name: string): PaymentProvider {
    const provider = name === OFFLINE_PROVIDER ? this.offline : this.byName.get(name);
    if (!provider) throw new ConflictError(`payment provider ${name} is not offered by this deployment`, { reason: 'no_payment_provider' });
    return provider;
  }

  /** The provider the shop takes new payments with; 409 `no_payment_provider` when it is not offered here. */
  async forShop(ctx: TenantContext): Promise<PaymentProvider> {
    const name = (await this.settings.current(ctx)).paymentProvider ?? config().defaultPaymentProvider;
    const provider = this.byName.get(name);
    if (!provider) throw new ConflictError(`no payment provider is configured for this shop (paymentProvider ${name} is not offered here)`, { reason: 'no_payment_provider' });
    return provider;
  }
}
