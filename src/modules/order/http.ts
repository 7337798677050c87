/**
 * The HTTP surface of `order`: its routes' module for the composition (src/app), and the request
 * and response shapes other contexts' controllers and DTOs reuse. Apart from index.ts so the
 * stream and read-model bundles, which load index.ts files, never load controllers or DTOs.
 */
export { OrderHttpModule } from './order.http.module';
export { AddressDto } from './dto/order.dto';
export { OrderResponse } from './dto/order.response';
export { ReturnResponse } from './dto/return.dto';
