/** The cart page: lines, coupons, price changes, problems and totals, then checkout (/checkout). */
import { createLazyRoute, Link } from '@tanstack/react-router';
import { EmptyState, ErrorState, LoadingRows } from '../../../shared/ui/states';
import { CartLines, CartProblems, CartTotals, CouponForm, PriceChanges } from '../cart-view';
import { useCart } from '../shopping-cart';
import { t } from '../strings';

function CartPage() {
  const { ref, cart, query } = useCart();
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">{t('cart.title')}</h1>
      {ref && query.isPending ? (
        <LoadingRows label={t('cart.loading')} rows={3} />
      ) : ref && query.isError ? (
        <ErrorState title={t('error.generic')} onRetry={() => void query.refetch()} retryLabel={t('common.retry')} />
      ) : !cart || cart.lines.length === 0 ? (
        <EmptyState title={t('cart.empty')}>
          <Link to="/search" className="text-blue-800 underline dark:text-blue-300">
            {t('cart.continue')}
          </Link>
        </EmptyState>
      ) : (
        <div className="grid gap-8 md:grid-cols-[1fr_20rem]">
          <div className="flex min-w-0 flex-col gap-4">
            <PriceChanges cart={cart} />
            <CartLines cart={cart} />
          </div>
          <aside className="flex flex-col gap-4" aria-label={t('cart.total')}>
            <CartProblems cart={cart} />
            <CouponForm cart={cart} />
            <CartTotals cart={cart} />
            <Link to="/checkout" className="inline-flex min-h-10 items-center justify-center rounded-md bg-blue-700 px-4 text-sm font-medium text-white hover:bg-blue-800 dark:bg-blue-300 dark:text-gray-950">
              {t('cart.checkout')}
            </Link>
          </aside>
        </div>
      )}
    </>
  );
}

export const route = createLazyRoute('/cart')({ component: CartPage });
