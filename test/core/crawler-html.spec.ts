import { renderStorefrontShell } from '../../src/modules/storefront';

/** The crawler tags written into the storefront's app shell: what they say, escaped, and a 404 for nothing to show. */
describe('crawler HTML of the storefront shell', () => {
  const SHELL = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Store</title><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>';
  const tenant = { code: 'demo', name: 'Demo "shop"' };
  const url = 'https://shop.example.com/products/TEE';

  const head = (html: string) => html.slice(0, html.indexOf('</head>'));
  const jsonLd = (html: string) => JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!);

  it('writes title, description, canonical, Open Graph and a JSON-LD Product with its offer into the head', () => {
    const { status, html } = renderStorefrontShell(SHELL, {
      url,
      tenant: { code: 'demo', name: 'Demo shop' },
      product: { code: 'TEE', name: 'T-shirt', description: 'Soft\ncotton tee', price: { amount: 1999, currency: 'EUR' }, inStock: true, imageUrl: 'https://cdn.example.com/tee-800.webp' },
    });
    expect(status).toBe(200);
    expect(head(html)).toContain('<title>T-shirt | Demo shop</title>');
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(head(html)).toContain('<meta name="description" content="Soft cotton tee">');
    expect(head(html)).toContain(`<link rel="canonical" href="${url}">`);
    for (const [property, content] of [['og:title', 'T-shirt | Demo shop'], ['og:description', 'Soft cotton tee'], ['og:url', url], ['og:type', 'product'], ['og:image', 'https://cdn.example.com/tee-800.webp']]) {
      expect(head(html)).toContain(`<meta property="${property}" content="${content}">`);
    }
    expect(jsonLd(html)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: 'T-shirt',
      sku: 'TEE',
      description: 'Soft cotton tee',
      image: ['https://cdn.example.com/tee-800.webp'],
      url,
      offers: { '@type': 'Offer', url, price: '19.99', priceCurrency: 'EUR', availability: 'https://schema.org/InStock' },
    });
    // The app still loads: the shell's own tags and body are kept.
    expect(html).toContain('<script type="module" src="/assets/app.js"></script>');
    expect(html).toContain('<div id="root"></div>');
  });

  it('writes prices in major units exactly, from integer minor units, per currency', () => {
    const price = (amount: number, currency: string) => jsonLd(renderStorefrontShell(SHELL, { url, tenant, product: { code: 'X', name: 'X', price: { amount, currency }, inStock: false } }).html).offers;
    expect(price(5, 'EUR')).toMatchObject({ price: '0.05', availability: 'https://schema.org/OutOfStock' });
    expect(price(100000000, 'USD').price).toBe('1000000.00');
    expect(price(500, 'JPY').price).toBe('500');
    expect(price(1234, 'BHD').price).toBe('1.234');
  });

  it('escapes every value: a name with </script><script> and quotes stays text', () => {
    const name = `Evil </script><script>alert("x")</script> 'tee' & "co"`;
    const { html } = renderStorefrontShell(SHELL, { url: `${url}?a="b"`, tenant, product: { code: 'EVIL', name, description: '<img src=x onerror=alert(1)>', price: { amount: 100, currency: 'EUR' } } });
    const written = head(html);
    // Only the shell's script and the JSON-LD one open a script; nothing of the product's does.
    expect(written.match(/<script/g)).toHaveLength(2);
    expect(written).not.toContain('<img');
    expect(written).toContain('&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#39;tee&#39; &amp; &quot;co&quot;');
    expect(written).toContain('Demo &quot;shop&quot;');
    expect(written).toContain('href="https://shop.example.com/products/TEE?a=&quot;b&quot;"');
    // The JSON-LD still parses to exactly the name.
    expect(jsonLd(html).name).toBe(name);
    expect(jsonLd(html).description).toBe('<img src=x onerror=alert(1)>');
  });

  it('tags a category page, and leaves the shell as it is with 404 when there is no product or category', () => {
    const category = renderStorefrontShell(SHELL, { url: 'https://shop.example.com/categories/tops', tenant: { code: 'demo', name: 'Demo shop' }, category: { code: 'tops', name: 'Tops' } });
    expect(category.status).toBe(200);
    expect(head(category.html)).toContain('<title>Tops | Demo shop</title>');
    expect(head(category.html)).toContain('<meta property="og:type" content="website">');
    expect(category.html).not.toContain('application/ld+json');
    expect(renderStorefrontShell(SHELL, { url, tenant, product: null })).toEqual({ status: 404, html: SHELL });
    expect(renderStorefrontShell(SHELL, { url, tenant })).toEqual({ status: 404, html: SHELL });
  });

  describe("what lets the app paint a product page sooner", () => {
    const BUILT = SHELL.replace('</head>', '<meta name="storefront-product-chunks" content="/assets/product-a1.js /assets/field-b2.js"></head>');
    const pageData = (html: string) => {
      const found = /<script type="application\/json" id="storefront-data">([\s\S]*?)<\/script>/.exec(html);
      return found ? JSON.parse(found[1]!) : undefined;
    };

    it("writes the page's data as inert JSON that parses back to exactly what was read, even with a name that closes the script", () => {
      const name = `Evil </script><script>alert("x")</script> <!-- & \u2028`;
      const appData = { path: '/products/EVIL', at: 1, shop: { tenant: 'demo', name: 'Demo "shop"', publishableKey: 'pk_1' }, product: { code: 'EVIL', name, attributes: { description: '</SCRIPT >' } } };
      const { status, html } = renderStorefrontShell(BUILT, { url, tenant, product: { code: 'EVIL', name, price: { amount: 100, currency: 'EUR' } }, appData });
      expect(status).toBe(200);
      expect(pageData(html)).toEqual(appData);
      // Only the shell's script, the JSON-LD and the data open a script; the name closes none.
      expect(head(html).match(/<script/gi)).toHaveLength(3);
      expect(head(html).match(/<\/script/gi)).toHaveLength(3);
      // The product's first paint in the app's mount point: the name as text, not markup.
      expect(html).toContain('<h1 class="text-3xl font-semibold">Evil &lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;!-- &amp; \u2028</h1>');
      expect(html.match(/<script/gi)).toHaveLength(3);
    });

    it("paints the product in the app's mount point before the app runs: the shop's name, the image as the gallery draws it, name, price and description", () => {
      const appData = { path: '/products/TEE', at: 1, shop: { tenant: 'demo' } };
      const galleryPicture = {
        sources: [{ type: 'image/avif', srcset: 'https://cdn.example.com/t-480.avif 480w' }],
        src: 'https://cdn.example.com/t-480.jpg',
        srcset: 'https://cdn.example.com/t-480.jpg 480w',
        sizes: '(min-width: 768px) 560px, 100vw',
        width: 1200,
        height: 1200,
        alt: 'A "blue" tee',
      };
      const { html } = renderStorefrontShell(BUILT, { url, tenant, product: { code: 'TEE', name: 'T-shirt', description: 'Soft <b>cotton</b>', price: { amount: 1999, currency: 'EUR' }, galleryPicture }, appData });
      const root = html.slice(html.indexOf('<div id="root">'), html.indexOf('</body>'));
      expect(root).toContain('<a href="/" class="mr-auto text-lg font-semibold">Demo &quot;shop&quot;</a>');
      expect(root).toContain('<source type="image/avif" srcset="https://cdn.example.com/t-480.avif 480w" sizes="(min-width: 768px) 560px, 100vw">');
      expect(root).toContain('<img src="https://cdn.example.com/t-480.jpg" srcset="https://cdn.example.com/t-480.jpg 480w" sizes="(min-width: 768px) 560px, 100vw" width="1200" height="1200" alt="A &quot;blue&quot; tee"');
      expect(root).toContain('<h1 class="text-3xl font-semibold">T-shirt</h1>');
      expect(root).toContain('€19.99');
      expect(root).toContain('Soft &lt;b&gt;cotton&lt;/b&gt;');
      // The app's script is fetched at once but started after the first frame, so it cannot hold that paint back.
      expect(head(html)).toContain('<link rel="modulepreload" crossorigin href="/assets/app.js">');
      expect(html).not.toContain('<script type="module"');
      expect(head(html)).toContain(`requestAnimationFrame(function(){setTimeout(function(){var s=document.createElement('script');s.type='module';s.crossOrigin='';s.src="/assets/app.js";`);
      // Without the app's data (a crawler's page of an older caller) the mount point stays empty.
      const withoutData = renderStorefrontShell(BUILT, { url, tenant, product: { code: 'TEE', name: 'T-shirt', price: { amount: 1999, currency: 'EUR' } } }).html;
      expect(withoutData).toContain('<div id="root"></div>');
      expect(withoutData).toContain('<script type="module" src="/assets/app.js"></script>');
    });

    it("has the product route's chunks (named by the build in the shell) and the gallery's first image preloaded", () => {
      const { html } = renderStorefrontShell(BUILT, {
        url,
        tenant,
        product: { code: 'TEE', name: 'T-shirt', price: { amount: 100, currency: 'EUR' }, galleryPicture: { sources: [{ type: 'image/avif', srcset: 'https://cdn.example.com/t-400.avif 400w, https://cdn.example.com/t-800.avif 800w' }], src: 'https://cdn.example.com/t-400.jpg', srcset: 'https://cdn.example.com/t-400.jpg 400w', sizes: '(min-width: 768px) 560px, 100vw', width: 800, height: 800, alt: 'A tee' } },
      });
      expect(head(html)).toContain('<link rel="modulepreload" crossorigin href="/assets/product-a1.js">');
      expect(head(html)).toContain('<link rel="modulepreload" crossorigin href="/assets/field-b2.js">');
      expect(head(html)).toContain(
        '<link rel="preload" as="image" type="image/avif" imagesrcset="https://cdn.example.com/t-400.avif 400w, https://cdn.example.com/t-800.avif 800w" imagesizes="(min-width: 768px) 560px, 100vw" fetchpriority="high">',
      );
      // No data given, none written; a shell without the build's list preloads no chunk.
      expect(pageData(html)).toBeUndefined();
      expect(renderStorefrontShell(SHELL, { url, tenant, product: { code: 'TEE', name: 'T-shirt', price: { amount: 100, currency: 'EUR' } } }).html).not.toContain('modulepreload');
    });

    it('writes neither data nor preloads for a category page or a product that is not there (the plain shell, 404)', () => {
      const appData = { path: '/products/NOPE', at: 1, shop: { tenant: 'demo' } };
      expect(renderStorefrontShell(BUILT, { url, tenant, product: null, appData })).toEqual({ status: 404, html: BUILT });
      const category = renderStorefrontShell(BUILT, { url, tenant, category: { code: 'tops', name: 'Tops' }, appData });
      expect(category.html).not.toContain('storefront-data');
      expect(category.html).not.toContain('rel="modulepreload"');
      expect(category.html).toContain('<div id="root"></div>');
    });
  });
});
