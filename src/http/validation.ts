import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ValidationFailedError } from '../core/errors';

/** `items.0.quantity: must not be less than 1` for every failed constraint, nested ones included. */
function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // A missing field fails every constraint at once ("must be an integer; must not be less than
    // 0; ..."): say it is required, in the words of its @IsDefined when it has one.
    if (error.value === undefined && error.constraints && !error.constraints.whitelistValidation) {
      const required = error.constraints.isDefined ?? 'is required';
      return [{ field, problem: required.startsWith(`${error.property} `) ? required.slice(error.property.length + 1) : required }];
    }
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      problem:
        constraint === 'whitelistValidation'
          ? 'is not an accepted field'
          : // class-validator starts messages with the property name; the field already says it.
            message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Unknown fields, wrong types and out-of-range values are refused before any service runs. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // The value only tells a missing field from a wrong one: it never reaches the response.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => new ValidationFailedError(flatten(errors)),
  });
}
