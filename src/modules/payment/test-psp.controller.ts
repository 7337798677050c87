import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/auth.decorators';
import { CommandItem } from '../../core/entity';
import { majorUnits } from '../../core/money';
import { escapeHtml } from '../../http/html';
import { PaymentAttributes } from './payment.model';
import { returnWith } from './return-url';
import { TestPspCheckout } from './test-psp.checkout';
import { TestPspOutcome } from './test-psp.shopper';

/** Each button of the pages: what the PSP records, and the outcome the shop's return URL is told. */
const ACTIONS: Record<string, { psp?: TestPspOutcome; outcome: 'approved' | 'declined' | 'requires_action'; next?: '3ds' }> = {
  approve: { psp: 'succeed', outcome: 'approved' },
  decline: { psp: 'decline', outcome: 'declined' },
  '3ds': { psp: 'requires_action', outcome: 'requires_action', next: '3ds' },
  'complete-3ds': { psp: 'succeed', outcome: 'approved' },
  'fail-3ds': { psp: 'decline', outcome: 'declined' },
  // Back to the shop with the authentication still open (the shopper may come back to it).
  'leave-3ds': { outcome: 'requires_action' },
};

/**
 * The local test PSP's hosted payment page (provider `test`, only where it is offered): a
 * person approves, declines or asks for 3-D Secure, in plain HTML forms (no script). Outside
 * the shop API's document: it is the PSP's page, not the shop's, and answers HTML. Public: the
 * reference and the tenant in its URL are what the PSP knows, as at a real PSP.
 */
@ApiExcludeController()
@Controller('test-psp/checkout')
export class TestPspController {
  constructor(private readonly checkout: TestPspCheckout) {}

  @Get(':reference')
  @Public()
  async page(@Param('reference') reference: string, @Query('tenant') tenant: string, @Query('return') returnUrl: string | undefined, @Res() res: Response) {
    const payment = await this.visit(reference, tenant, returnUrl, res);
    if (!payment) return;
    const buttons = [
      ['approve', 'Approve'],
      ['decline', 'Decline'],
      ['3ds', 'Require 3-D Secure'],
    ] as const;
    html(res, 200, 'Test payment', `<p>Pay <strong>${escapeHtml(amountOf(payment))}</strong> to ${escapeHtml(tenant)} for order ${escapeHtml(payment.attributes.orderCode)} (payment ${escapeHtml(payment.code)}).</p>
${buttons.map(([action, label]) => form(reference, action, label, tenant, returnUrl)).join('\n')}`);
  }

  @Get(':reference/3ds')
  @Public()
  async secure(@Param('reference') reference: string, @Query('tenant') tenant: string, @Query('return') returnUrl: string | undefined, @Res() res: Response) {
    const payment = await this.visit(reference, tenant, returnUrl, res);
    if (!payment) return;
    html(res, 200, '3-D Secure', `<p>Your bank asks you to confirm the payment of <strong>${escapeHtml(amountOf(payment))}</strong>.</p>
${form(reference, 'complete-3ds', 'Complete authentication', tenant, returnUrl)}
${form(reference, 'fail-3ds', 'Fail authentication', tenant, returnUrl)}
${form(reference, 'leave-3ds', 'Back to the shop without authenticating', tenant, returnUrl)}`);
  }

  @Post(':reference/:action')
  @Public()
  @HttpCode(303)
  async act(@Param('reference') reference: string, @Param('action') action: string, @Query('tenant') tenant: string, @Query('return') returnUrl: string | undefined, @Res() res: Response) {
    const step = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
    if (!step) return html(res, 404, 'Not found', '<p>No such button.</p>');
    const payment = await this.visit(reference, tenant, returnUrl, res);
    if (!payment) return;
    if (step.psp) await this.checkout.act(tenant, payment, step.psp);
    if (step.next) return res.redirect(303, pageUrl(reference, step.next, tenant, returnUrl));
    if (returnUrl === undefined) return html(res, 200, 'Test payment', `<p>Payment ${escapeHtml(payment.code)}: ${escapeHtml(step.outcome.replace('_', ' '))}. You may close this page.</p>`);
    return res.redirect(303, returnWith(returnUrl, payment.code, step.outcome));
  }

  /** The payment a page is about, or an HTML answer why not (404 unknown, 400 a return URL the shop does not allow). */
  private async visit(reference: string, tenant: string, returnUrl: string | undefined, res: Response): Promise<CommandItem<PaymentAttributes> | undefined> {
    const payment = typeof tenant === 'string' ? await this.checkout.find(tenant, reference) : undefined;
    if (!payment) {
      html(res, 404, 'Not found', '<p>No such payment at the test PSP.</p>');
      return undefined;
    }
    if (returnUrl !== undefined && (typeof returnUrl !== 'string' || !(await this.checkout.allowsReturn(tenant, returnUrl)))) {
      html(res, 400, 'Bad return URL', "<p>The return URL is not one of the shop's.</p>");
      return undefined;
    }
    return payment;
  }
}

function amountOf(payment: CommandItem<PaymentAttributes>): string {
  return `${majorUnits(payment.attributes.amount)} ${payment.attributes.amount.currency}`;
}

function pageUrl(reference: string, action: string, tenant: string, returnUrl: string | undefined): string {
  const query = new URLSearchParams({ tenant, ...(returnUrl !== undefined ? { return: returnUrl } : {}) });
  return `/test-psp/checkout/${encodeURIComponent(reference)}/${action}?${query.toString()}`;
}

function form(reference: string, action: string, label: string, tenant: string, returnUrl: string | undefined): string {
  return `<form method="post" action="${escapeHtml(pageUrl(reference, action, tenant, returnUrl))}"><button type="submit">${escapeHtml(label)}</button></form>`;
}

function html(res: Response, status: number, title: string, body: string): void {
  res
    .status(status)
    .type('html')
    .set('cache-control', 'no-store')
    .send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · test PSP</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}form{margin:.5rem 0}button{font-size:1rem;padding:.6rem 1rem;min-width:16rem}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>
${body}
<p><small>shopstream's local test payment provider: no money moves.</small></p></main></body></html>`);
}
