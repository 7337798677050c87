import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, Observable } from 'rxjs';
import { ConflictError, ShopstreamError, ValidationFailedError } from '../core/errors';
import { sortKey } from '../core/keys';
import { TTL_ATTRIBUTE } from '../core/tables';
import { RequestWithTenant, TenantContext } from '../core/tenant-context';
import { TenantItemStore } from '../core/tenant-item.store';

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY = /^[A-Za-z0-9._:-]{8,100}$/;
const KEPT_SECONDS = 24 * 3600;

class IdempotencyKeyReusedError extends ShopstreamError {
  override readonly status = 422;
}

interface StoredResponse {
  state: 'in_progress' | 'done';
  fingerprint: string;
  statusCode?: number;
  body?: unknown;
}

/**
 * A mutation sent with `Idempotency-Key` has one effect however often it is retried: the first
 * call runs and its response is kept for 24 h (per tenant and caller); a retry gets that same
 * response with `Idempotent-Replayed: true`. A failed call keeps nothing (it wrote nothing), so
 * its retry runs again. The same key with another request is refused (422).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly items: TenantItemStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & RequestWithTenant>();
    const key = request.headers['idempotency-key'];
    if (!MUTATIONS.has(request.method) || key === undefined || !request.tenantContext) return next.handle();
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new ValidationFailedError([{ field: 'Idempotency-Key', problem: 'must be 8-100 letters, digits, dots, dashes, underscores or colons' }]);
    }
    const caller = callerScope(request.tenantContext, request.headers['x-cart-token']);
    // A guest without a cart (creating one) has nothing that tells them from another guest:
    // a replayed response could hand them someone else's cart token. Creating a cart twice is harmless.
    if (!caller) return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    return from(this.once(request.tenantContext, caller, key, request, response, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }

  private async once(ctx: TenantContext, caller: string, key: string, request: Request, response: Response, run: () => Promise<unknown>): Promise<unknown> {
    const sk = sortKey('IDEMPOTENCY', digest(`${caller}\n${key}`));
    // The query is part of the request (a DELETE names its expectedVersion there).
    const fingerprint = digest(`${request.method} ${request.originalUrl ?? request.url}\n${JSON.stringify(request.body ?? null)}`);
    const claimed = await this.items.putIfAbsent(ctx, sk, {
      state: 'in_progress',
      fingerprint,
      [TTL_ATTRIBUTE]: Math.floor(Date.now() / 1000) + KEPT_SECONDS,
    });
    if (!claimed) return this.replay(ctx, sk, fingerprint, response);
    let body: unknown;
    try {
      body = await run();
    } catch (error) {
      await this.items.delete(ctx, sk);
      throw error;
    }
    await this.items.update(ctx, sk, 'SET #state = :done, statusCode = :status, body = :body', { ':done': 'done', ':status': response.statusCode, ':body': body ?? null }, { '#state': 'state' });
    return body;
  }

  private async replay(ctx: TenantContext, sk: string, fingerprint: string, response: Response): Promise<unknown> {
    const stored = await this.items.get<StoredResponse>(ctx, sk);
    if (!stored) throw new ConflictError('a request with this Idempotency-Key just failed; send it again');
    if (stored.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError('this Idempotency-Key was used for a different request');
    if (stored.state !== 'done') throw new ConflictError('a request with this Idempotency-Key is still in progress');
    response.status(stored.statusCode!);
    response.setHeader('Idempotent-Replayed', 'true');
    return stored.body;
  }
}

/**
 * Whose keys these are: the verified user, or for a guest the cart token they hold, else the
 * order their order token opens (every token of an order is the same holder's).
 */
function callerScope(ctx: TenantContext, cartToken: unknown): string | undefined {
  if (!ctx.roles.includes('guest')) return ctx.userId;
  if (ctx.orderAccess && cartToken === undefined) return `guest-order:${ctx.orderAccess}`;
  return typeof cartToken === 'string' && cartToken.length > 0 ? `guest-cart:${digest(cartToken)}` : undefined;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
