/**
 * The HTTP surface of `identity`: its routes' module for the composition (src/app). Apart from
 * index.ts so the stream and read-model bundles, which load index.ts files, never load controllers or DTOs.
 */
export { IdentityHttpModule } from './identity.http.module';
