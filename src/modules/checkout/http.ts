/**
 * The HTTP surface of `checkout`: its routes' module for the composition (src/app), and the request
 * and response shapes other contexts' controllers and DTOs reuse. Apart from index.ts so the
 * stream and read-model bundles, which load index.ts files, never load controllers or DTOs.
 */
export { CheckoutHttpModule } from './checkout.http.module';
