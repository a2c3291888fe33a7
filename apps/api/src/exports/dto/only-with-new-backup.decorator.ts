// A field that describes a new backup (remark, storageDays) is refused with any other backupId: silently
// ignoring it would let a caller believe it was used.
import { registerDecorator, type ValidationArguments } from 'class-validator';

export function OnlyWithNewBackup(): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'onlyWithNewBackup',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} goes with backupId new` },
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          return value === undefined || (args.object as { backupId?: unknown }).backupId === 'new';
        },
      },
    });
  };
}
