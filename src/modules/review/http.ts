/**
 * The HTTP surface of `review`: its routes' module for the composition (src/app), and the request
 * and response shapes other contexts' controllers and DTOs reuse. Apart from index.ts so the
 * stream and read-model bundles, which load index.ts files, never load controllers or DTOs.
 */
export { ReviewHttpModule } from './review.http.module';
export { ReviewSummaryResponse } from './dto/review.dto';
