/**
 * The API as the storefront journeys use it beside the browser: staff calls with the suite's admin
 * token (seeding), and a guest cart made with the shop's publishable key and handed to the page
 * (its id and token where web/store/src/cart-store.ts keeps them).
 */
import { expect, type Page } from '@playwright/test';
import { SHOP } from './global-setup';
import { store } from './support';

const api = () => process.env.WEB_API!;

export async function call(method: string, path: string, body?: object, headers: Record<string, string> = { authorization: `Bearer ${process.env.WEB_ADMIN_TOKEN!}` }) {
  const reply = await fetch(`${api()}${path}`, { method, headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...headers }, body: body && JSON.stringify(body) });
  const text = await reply.text();
  return { status: reply.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
}

export async function seed(method: string, path: string, body: object) {
  const reply = await call(method, path, body);
  // A rerun against the same stack finds what it made before.
  if (reply.status >= 300 && reply.status !== 409) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** The headers of a guest of the shop (its publishable key), with the cart's token once it has one. */
export const guestHeaders = (publishableKey: string, token?: string) => ({ 'x-publishable-key': publishableKey, ...(token ? { 'x-cart-token': token } : {}) });

/** A guest cart with `lines` (and a coupon), opened in this browser. */
export async function cartInBrowser(page: Page, publishableKey: string, lines: { sku: string; quantity: number }[], coupon?: string): Promise<{ id: string; token: string }> {
  const made = await call('POST', '/carts', {}, guestHeaders(publishableKey));
  const cart = { id: made.body.id as string, token: made.body.cartToken as string };
  for (const line of lines) expect((await call('POST', `/carts/${cart.id}/lines`, line, guestHeaders(publishableKey, cart.token))).status).toBe(201);
  if (coupon) expect((await call('POST', `/carts/${cart.id}/coupons`, { code: coupon }, guestHeaders(publishableKey, cart.token))).status).toBe(201);
  await page.goto(store());
  await page.evaluate(([tenant, value]) => localStorage.setItem(`shopstream.store.cart.${tenant}`, value), [SHOP, JSON.stringify(cart)] as const);
  return cart;
}
