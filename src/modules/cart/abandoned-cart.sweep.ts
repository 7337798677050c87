import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { VersionConflictError } from '../../core/errors';
import { SweepRegistry, TenantSweep } from '../../core/sweep';
import { DATA_INDEXES } from '../../core/tables';
import { TenantContext } from '../../core/tenant-context';
import { ShopSettingsService } from '../tenant';
import { activeCartsGroup, CART_ENTITY } from './cart.keys';
import { CartAttributes } from './cart.model';
import { CartService } from './cart.service';
import { CART_MACHINE } from './cart.state-machine';

/**
 * Carts untouched for the shop's `cartIdleSeconds` become `abandoned` (a new version; the
 * reminder mail follows from its sync when the cart has an email and the shop allows it).
 * Reads only the active group of the state index, least recently touched first, so its cost
 * follows the idle carts, not all carts.
 */
@Injectable()
export class AbandonedCartSweep implements TenantSweep, OnModuleInit {
  readonly name = 'cart.abandon-idle';

  constructor(
    private readonly sweeps: SweepRegistry,
    private readonly data: DataService,
    private readonly commands: CommandService,
    private readonly carts: CartService,
    private readonly settings: ShopSettingsService,
  ) {}

  onModuleInit(): void {
    this.sweeps.register(this);
  }

  async run(ctx: TenantContext, now: Date): Promise<void> {
    const settings = await this.settings.current(ctx);
    const cutoff = now.getTime() - settings.cartIdleSeconds * 1000;
    const isIdle = (cart: { attributes: CartAttributes }) => Date.parse(cart.attributes.lastActivityAt) < cutoff;
    await this.data.eachDue<CartAttributes>(ctx, DATA_INDEXES.byState, activeCartsGroup(), isIdle, (cart) => this.abandon(ctx, cart.code, cutoff, settings.abandonedCartReminders));
  }

  private async abandon(ctx: TenantContext, code: string, cutoff: number, reminders: boolean): Promise<void> {
    const cart = await this.commands.getLatest<CartAttributes>(ctx, CART_ENTITY, code);
    // Touched or closed since the index was written.
    if (!cart || !CART_MACHINE.canMove(cart.attributes.status, 'abandoned') || Date.parse(cart.attributes.lastActivityAt) >= cutoff) return;
    const abandoned = this.carts.closedVersion(ctx, cart, { status: 'abandoned', reminder: reminders && !!cart.attributes.email && cart.attributes.lines.length > 0 }, { action: 'abandoned' });
    try {
      await this.commands.publish(ctx, this.carts.input(ctx, code, abandoned), { expectedVersion: cart.version, holding: cart });
    } catch (error) {
      // The shopper came back at that very moment: their change wins.
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
}
