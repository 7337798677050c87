/**
 * The storefront. `npm run build:store` writes dist/store/ (served by `npm start`, or S3 +
 * CloudFront in AWS); `npm run dev:store` serves it with hot reload against the running `npm start`.
 */
import { webApp } from '../vite.shared';

export default webApp('store', Number(process.env.STORE_PORT ?? 5176), { defaultShop: process.env.DEMO_TENANT ?? 'demo' });
