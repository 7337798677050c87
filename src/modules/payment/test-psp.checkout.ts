import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ulid } from 'ulid';
import { config } from '../../config';
import { CommandItem } from '../../core/entity';
import { EntityView } from '../../core/entity-view';
import { ValidationFailedError } from '../../core/errors';
import { isValidKeyPart } from '../../core/keys';
import { systemActorContext, TenantContext } from '../../core/tenant-context';
import { ShopSettingsService, TenantDirectory } from '../tenant';
import { PaymentAttributes } from './payment.model';
import { PaymentService } from './payment.service';
import { PaymentWebhooks } from './payment-webhooks';
import { returnUrlProblem } from './return-url';
import { TestPaymentProvider } from './test-payment.provider';
import { recordOutcome, signedWebhook, TestPspOutcome } from './test-psp.shopper';

const TENANT = /^[a-z0-9][a-z0-9-]{1,39}$/;
/** The test PSP's references are `tp_<payment code>` (test-payment.provider.ts). */
const REFERENCE_PREFIX = 'tp_';

/**
 * The local test PSP's hosted payment page, the shop's side: where a started payment sends the
 * shopper (`redirectUrl`), which return URLs are allowed, and what each button does: what
 * `npm run pay` does (record the outcome at the PSP, then its signed webhook through the one
 * webhook path). Only while this deployment offers the test provider (PAYMENT_TEST_PROVIDER).
 */
@Injectable()
export class TestPspCheckout {
  constructor(
    private readonly payments: PaymentService,
    private readonly settings: ShopSettingsService,
    private readonly tenants: TenantDirectory,
    private readonly webhooks: PaymentWebhooks,
  ) {}

  /** The test provider, when this deployment offers it. */
  provider(): TestPaymentProvider | undefined {
    const provider = this.payments.providers.get('test');
    return config().paymentTestProvider && provider instanceof TestPaymentProvider ? provider : undefined;
  }

  /** 400 `returnUrl` unless the shop may send shoppers there (nothing is started before this). */
  async checkReturnUrl(ctx: TenantContext, returnUrl: string | undefined): Promise<void> {
    if (returnUrl === undefined) return;
    const problem = returnUrlProblem(returnUrl, await this.domains(ctx));
    if (problem) throw new ValidationFailedError([{ field: 'returnUrl', problem }]);
  }

  /** Whether the page may send this shop's shoppers to `returnUrl` (re-checked on every visit: the URL is in the address bar). */
  async allowsReturn(tenant: string, returnUrl: string): Promise<boolean> {
    return returnUrlProblem(returnUrl, await this.domains(systemActorContext(tenant, 'test-psp', ulid()))) === undefined;
  }

  /** A started payment's view, with the hosted page's URL when the test provider took it. */
  withRedirect(ctx: TenantContext, request: Request, view: EntityView<PaymentAttributes>, returnUrl: string | undefined): EntityView<PaymentAttributes & { redirectUrl?: string }> {
    if (view.attributes.provider !== 'test' || !this.provider()) return view;
    const page = new URL(`${apiBase(request)}/test-psp/checkout/${encodeURIComponent(view.attributes.providerReference)}`);
    page.searchParams.set('tenant', ctx.tenantCode);
    if (returnUrl !== undefined) page.searchParams.set('return', returnUrl);
    return { ...view, attributes: { ...view.attributes, redirectUrl: page.toString() } };
  }

  /** The test provider's payment behind a reference of an active shop, or nothing. */
  async find(tenant: string, reference: string): Promise<CommandItem<PaymentAttributes> | undefined> {
    if (!this.provider() || !TENANT.test(tenant) || !reference.startsWith(REFERENCE_PREFIX)) return undefined;
    const code = reference.slice(REFERENCE_PREFIX.length);
    if (!isValidKeyPart(code) || !(await this.tenants.isActive(tenant))) return undefined;
    const payment = await this.payments.latest(systemActorContext(tenant, 'test-psp', ulid()), code);
    return payment?.attributes.provider === 'test' && payment.attributes.providerReference === reference ? payment : undefined;
  }

  /** A button: the PSP records the outcome, then sends its signed webhook down the webhook path. */
  async act(tenant: string, payment: CommandItem<PaymentAttributes>, outcome: TestPspOutcome): Promise<void> {
    await recordOutcome(this.provider()!, tenant, payment, outcome);
    const webhook = signedWebhook(tenant, payment, outcome, `evt_${ulid()}`);
    await this.webhooks.receive('test', tenant, Buffer.from(webhook.body), webhook.headers);
  }

  private async domains(ctx: TenantContext): Promise<string[]> {
    return (await this.settings.current(ctx)).storefront?.domains ?? [];
  }
}

/**
 * The API's own origin: PUBLIC_API_URL when set (`npm start` sets it: serverless-offline says
 * `x-forwarded-proto: https` for its plain-HTTP port), else as the caller reached it (behind API
 * Gateway: its forwarded scheme).
 */
function apiBase(request: Request): string {
  const configured = config().publicApiUrl;
  if (configured) return configured;
  const forwarded = request.headers['x-forwarded-proto'];
  const proto = (typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : '') || request.protocol;
  return `${proto}://${request.headers.host}`;
}
