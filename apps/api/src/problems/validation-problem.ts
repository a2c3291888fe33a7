// Turns class-validator's errors into one RequestValidationError with a list of field errors.
import type { ValidationError } from 'class-validator';
import { RequestValidationError, type FieldError } from './api-errors';

function flatten(errors: ValidationError[], parent: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export function validationErrorFactory(errors: ValidationError[]): RequestValidationError {
  return new RequestValidationError(flatten(errors, ''));
}
