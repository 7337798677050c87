/**
 * The storefront. `npm run build:store` writes dist/store/ (served by `npm start`, or S3 +
 * CloudFront in AWS); `npm run dev:store` serves it with hot reload against the running `npm start`.
 */
import type { OutputChunk } from 'rollup';
import type { Plugin } from 'vite';
import { webApp } from '../vite.shared';

/**
 * Names the product page's chunks (its route chunk and what that imports, not the entry) in the
 * built index.html as `<meta name="storefront-product-chunks">`: the server that writes a product
 * page's crawler tags (src/modules/storefront/crawler-html.ts) turns them into modulepreload links,
 * so they load beside the entry script instead of after it ran. A meta, not links: other pages do not fetch them.
 */
function productChunks(): Plugin {
  return {
    name: 'shopstream-product-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const chunks = Object.values(bundle ?? {}).filter((c): c is OutputChunk => c.type === 'chunk');
        const product = chunks.find((c) => c.facadeModuleId?.endsWith('/src/pages/product.tsx'));
        if (!product) return [];
        const files = new Set<string>();
        const visit = (chunk: OutputChunk | undefined) => {
          if (!chunk || chunk.isEntry || files.has(chunk.fileName)) return;
          files.add(chunk.fileName);
          for (const imported of chunk.imports) visit(chunks.find((c) => c.fileName === imported));
        };
        visit(product);
        return [{ tag: 'meta', attrs: { name: 'storefront-product-chunks', content: [...files].map((f) => `/${f}`).join(' ') }, injectTo: 'head' }];
      },
    },
  };
}

const app = webApp('store', Number(process.env.STORE_PORT ?? 5176), { defaultShop: process.env.DEMO_TENANT ?? 'demo' });
export default { ...app, plugins: [...(app.plugins ?? []), productChunks()] };
