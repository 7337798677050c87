'use strict';
/**
 * `Intl.DateTimeFormat` inside the Lambda bundles (esbuild `--inject` with `--define`, see
 * infra/shopstream-stack.ts). @nestjs/common builds two formatters while it loads, for a console
 * logger we never use, and the first formatter with date fields costs ~12 ms of every cold start
 * (ICU's pattern data). This one builds the real formatter when it is first used. Given a
 * `timeZone` it builds at once: callers validate a zone by constructing (Powertools' logger does),
 * and such formatters are cheap.
 */
// Not `Intl.DateTimeFormat`: the bundle's --define would turn that into this very function.
const RealDateTimeFormat = Reflect.get(Intl, 'DateTimeFormat');

function LazyDateTimeFormat(locales, options) {
  if (options !== undefined && options !== null && options.timeZone !== undefined) return new RealDateTimeFormat(locales, options);
  if (!new.target) return new LazyDateTimeFormat(locales, options);
  let real;
  const formatter = () => (real ??= new RealDateTimeFormat(locales, options));
  Object.defineProperty(this, 'format', { get: () => formatter().format });
  for (const method of ['formatToParts', 'formatRange', 'formatRangeToParts', 'resolvedOptions']) {
    Object.defineProperty(this, method, { value: (...args) => formatter()[method](...args) });
  }
}
LazyDateTimeFormat.supportedLocalesOf = (...args) => RealDateTimeFormat.supportedLocalesOf(...args);

module.exports = { LazyDateTimeFormat };
