'use strict';
// `rxjs/operators`, lean: the operators Nest uses (see ../index.js).
module.exports = {
  ...require('../../../../node_modules/rxjs/dist/cjs/internal/operators/catchError'),
  ...require('../../../../node_modules/rxjs/dist/cjs/internal/operators/map'),
  ...require('../../../../node_modules/rxjs/dist/cjs/internal/operators/mergeAll'),
  ...require('../../../../node_modules/rxjs/dist/cjs/internal/operators/switchMap'),
  ...require('../../../../node_modules/rxjs/dist/cjs/internal/operators/takeUntil'),
  ...require('../../../../node_modules/rxjs/dist/cjs/internal/operators/tap'),
};
