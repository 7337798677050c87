'use strict';
// class-validator's own entry point loads every decorator it has, and with them all of
// validator.js (~150 KiB minified). The API bundle gets this entry instead: the validation
// engine and exactly the decorators the DTOs use (see ../README.md). A DTO that imports a
// decorator not listed here fails test/infra/lambda-stubs.spec.ts, never the Lambda. Paths are
// relative so the alias for `class-validator` does not apply to them.
const { getMetadataStorage } = require('../../../node_modules/class-validator/cjs/metadata/MetadataStorage');
const { Validator } = require('../../../node_modules/class-validator/cjs/validation/Validator');
const { getFromContainer } = require('../../../node_modules/class-validator/cjs/container');

function validate(objectOrSchemaName, objectOrValidationOptions, maybeValidatorOptions) {
  return getFromContainer(Validator).validate(objectOrSchemaName, objectOrValidationOptions, maybeValidatorOptions);
}
function validateSync(objectOrSchemaName, objectOrValidationOptions, maybeValidatorOptions) {
  return getFromContainer(Validator).validateSync(objectOrSchemaName, objectOrValidationOptions, maybeValidatorOptions);
}

module.exports = {
  validate,
  validateSync,
  getMetadataStorage,
  ...require('../../../node_modules/class-validator/cjs/validation/ValidationError'),
  ...require('../../../node_modules/class-validator/cjs/decorator/common/IsDefined'),
  ...require('../../../node_modules/class-validator/cjs/decorator/common/IsOptional'),
  ...require('../../../node_modules/class-validator/cjs/decorator/common/ValidateNested'),
  ...require('../../../node_modules/class-validator/cjs/decorator/common/IsIn'),
  // The cart's addresses: a typed shipping address unless an address-book id is given.
  ...require('../../../node_modules/class-validator/cjs/decorator/common/ValidateIf'),
  // src/http/plain-text.ts and the shop settings' payment methods build their rules with it.
  ...require('../../../node_modules/class-validator/cjs/decorator/common/ValidateBy'),
  ...require('../../../node_modules/class-validator/cjs/decorator/typechecker/IsArray'),
  ...require('../../../node_modules/class-validator/cjs/decorator/typechecker/IsBoolean'),
  ...require('../../../node_modules/class-validator/cjs/decorator/typechecker/IsInt'),
  ...require('../../../node_modules/class-validator/cjs/decorator/typechecker/IsString'),
  ...require('../../../node_modules/class-validator/cjs/decorator/typechecker/IsObject'),
  ...require('../../../node_modules/class-validator/cjs/decorator/array/ArrayMaxSize'),
  ...require('../../../node_modules/class-validator/cjs/decorator/array/ArrayMinSize'),
  // A staff member's roles.
  ...require('../../../node_modules/class-validator/cjs/decorator/array/ArrayNotEmpty'),
  ...require('../../../node_modules/class-validator/cjs/decorator/array/ArrayUnique'),
  ...require('../../../node_modules/class-validator/cjs/decorator/number/Max'),
  ...require('../../../node_modules/class-validator/cjs/decorator/number/Min'),
  ...require('../../../node_modules/class-validator/cjs/decorator/string/IsEmail'),
  ...require('../../../node_modules/class-validator/cjs/decorator/string/IsISO8601'),
  ...require('../../../node_modules/class-validator/cjs/decorator/string/IsUrl'),
  ...require('../../../node_modules/class-validator/cjs/decorator/string/Length'),
  ...require('../../../node_modules/class-validator/cjs/decorator/string/Matches'),
  ...require('../../../node_modules/class-validator/cjs/decorator/string/MaxLength'),
};
