// A map of strings (tags): at most N entries, each key and value a non-empty string of at most L characters.
import { registerDecorator, type ValidationArguments } from 'class-validator';

export function StringValues({ maxEntries, maxLength }: { maxEntries: number; maxLength: number }): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'stringValues',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} must map at most ${maxEntries} names to strings of 1 to ${maxLength} characters`,
      },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value as Record<string, unknown>);
          return (
            entries.length <= maxEntries &&
            entries.every(
              ([key, item]) =>
                key.length > 0 &&
                key.length <= maxLength &&
                typeof item === 'string' &&
                item.length > 0 &&
                item.length <= maxLength,
            )
          );
        },
      },
    });
}
