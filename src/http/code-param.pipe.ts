import { Injectable, PipeTransform, ArgumentMetadata } from '@nestjs/common';
import { ValidationFailedError } from '../core/errors';
import { isValidKeyPart } from '../core/keys';

/** Path codes become key parts: refuse anything that could not be one, naming the parameter. */
@Injectable()
export class CodeParam implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isValidKeyPart(value)) {
      throw new ValidationFailedError([
        { field: metadata.data ?? 'code', problem: 'must be 1-100 letters, digits, dots, dashes, underscores or colons' },
      ]);
    }
    return value;
  }
}
