/**
 * The body of a mutation that takes no fields. Naming it as the route's `@Body()` type lets the
 * validation pipe refuse unknown fields there as on every other route (a route without a
 * `@Body()` never validates what a client sends); no body and `{}` pass.
 */
export class EmptyBodyDto {}
