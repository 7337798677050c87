/** The cart drawer (a Radix Dialog at the side): opened after an add and from the header's cart link. Its own chunk, loaded when first opened. */
import { Link } from '@tanstack/react-router';
import { Dialog as DialogPrimitive } from 'radix-ui';
import { Button } from '../../shared/ui/button';
import { CartLines, CartProblems, CartTotals } from './cart-view';
import { setDrawerOpen, useCart } from './shopping-cart';
import { t } from './strings';

export default function CartDrawer({ open }: { open: boolean }) {
  const { cart } = useCart();
  const close = () => setDrawerOpen(false);
  return (
    <DialogPrimitive.Root open={open} onOpenChange={setDrawerOpen}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-black/50" />
        <DialogPrimitive.Content className="fixed inset-y-0 right-0 z-50 flex w-[min(26rem,100vw)] flex-col gap-4 overflow-y-auto bg-white p-5 text-gray-900 shadow-xl dark:bg-gray-900 dark:text-gray-100">
          <div className="flex items-center justify-between gap-2">
            <DialogPrimitive.Title className="text-lg font-semibold">{t('cart.title')}</DialogPrimitive.Title>
            <DialogPrimitive.Close asChild>
              <Button variant="ghost">{t('cart.close')}</Button>
            </DialogPrimitive.Close>
          </div>
          <DialogPrimitive.Description className="sr-only">{t('cart.title')}</DialogPrimitive.Description>
          {!cart || cart.lines.length === 0 ? (
            <p>{t('cart.empty')}</p>
          ) : (
            <>
              <CartLines cart={cart} compact />
              <CartProblems cart={cart} />
              <CartTotals cart={cart} />
              <div className="flex flex-col gap-2">
                <Link to="/checkout" onClick={close} className="inline-flex min-h-10 items-center justify-center rounded-md bg-blue-700 px-4 text-sm font-medium text-white hover:bg-blue-800 dark:bg-blue-300 dark:text-gray-950">
                  {t('cart.checkout')}
                </Link>
                <Link to="/cart" onClick={close} className="inline-flex min-h-10 items-center justify-center rounded-md border border-gray-300 px-4 text-sm font-medium dark:border-gray-600">
                  {t('cart.viewCart')}
                </Link>
              </div>
            </>
          )}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
