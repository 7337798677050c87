/**
 * The HTTP surface of `bulk`: its routes' module for the composition (src/app). Apart from
 * index.ts so the jobs consumer never loads controllers or DTOs.
 */
export { BulkHttpModule } from './bulk.http.module';
