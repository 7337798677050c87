'use strict';
// rxjs's entry point loads every operator and observable it has (~165 KiB minified): esbuild
// cannot leave out what CommonJS require()s. The API bundle gets this entry instead: exactly
// the names Nest and our code take from `rxjs` (test/infra/lambda-stubs.spec.ts fails when a
// bundled package or src/ uses another). Paths are relative (and static, for esbuild) so the alias does not apply to them.
module.exports = {
  ...require('../../../node_modules/rxjs/dist/cjs/internal/Observable'),
  ...require('../../../node_modules/rxjs/dist/cjs/internal/Subject'),
  ...require('../../../node_modules/rxjs/dist/cjs/internal/ReplaySubject'),
  ...require('../../../node_modules/rxjs/dist/cjs/internal/util/isObservable'),
  ...require('../../../node_modules/rxjs/dist/cjs/internal/util/EmptyError'),
  ...require('../../../node_modules/rxjs/dist/cjs/internal/lastValueFrom'),
  ...require('../../../node_modules/rxjs/dist/cjs/internal/observable/defer'),
  ...require('../../../node_modules/rxjs/dist/cjs/internal/observable/empty'),
  ...require('../../../node_modules/rxjs/dist/cjs/internal/observable/from'),
  ...require('../../../node_modules/rxjs/dist/cjs/internal/observable/of'),
  ...require('../../../node_modules/rxjs/dist/cjs/internal/observable/throwError'),
  ...require('../../../node_modules/rxjs/dist/cjs/internal/operators/catchError'),
  ...require('../../../node_modules/rxjs/dist/cjs/internal/operators/map'),
};
