/** Home: the first categories (with their image when they have one) and the newest products. */
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { unwrap } from '../../../shared/api/client';
import { LoadingRows } from '../../../shared/ui/states';
import { ProductCard, type Hit } from '../product-card';
import { useStore } from '../shopping-cart';
import { t } from '../strings';
import { useCategories } from './catalog';

function Home() {
  const { api, shop } = useStore();
  const categories = useCategories();
  const newest = useQuery({ queryKey: ['search', { sort: 'newest', limit: 8 }], queryFn: async () => unwrap(await api.GET('/search/products', { params: { query: { sort: 'newest', limit: 8 } } })) });
  const top = categories.data?.filter((c) => c.attributes.active && !c.attributes.parentCode).slice(0, 6) ?? [];
  return (
    <div className="flex flex-col gap-10">
      <section className="rounded-lg bg-gray-100 p-8 dark:bg-gray-900">
        <h1 className="text-3xl font-semibold">{shop.name}</h1>
        <Link to="/search" className="mt-4 inline-flex min-h-10 items-center rounded-md bg-blue-700 px-4 text-sm font-medium text-white hover:bg-blue-800 dark:bg-blue-300 dark:text-gray-950">
          {t('home.allProducts')}
        </Link>
      </section>
      {top.length > 0 && (
        <section aria-labelledby="home-categories">
          <h2 id="home-categories" className="mb-3 text-xl font-semibold">
            {t('home.categories')}
          </h2>
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3">
            {top.map((c) => (
              <li key={c.code}>
                <Link to="/categories/$code" params={{ code: c.code }} className="block rounded-md border border-gray-200 p-4 font-medium hover:bg-gray-50 dark:border-gray-700 dark:hover:bg-gray-900">
                  {c.name ?? c.code}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="home-newest">
        <h2 id="home-newest" className="mb-3 text-xl font-semibold">
          {t('home.newest')}
        </h2>
        {newest.data ? (
          <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
            {(newest.data.items as Hit[]).map((hit) => (
              <ProductCard key={hit.code} hit={hit} />
            ))}
          </ul>
        ) : (
          <LoadingRows label={t('catalog.loading')} rows={2} />
        )}
      </section>
    </div>
  );
}

export const route = createLazyRoute('/')({ component: Home });
