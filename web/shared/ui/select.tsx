import { Select as SelectPrimitive } from 'radix-ui';
import { cn } from './cn';

export interface SelectOption {
  value: string;
  label: string;
}

/** A single choice from a short list. Radix Select has no empty value: `all` stands for "no filter". */
export function Select({ id, value, onValueChange, options, label, className }: { id?: string; value: string; onValueChange: (value: string) => void; options: SelectOption[]; label: string; className?: string }) {
  return (
    <SelectPrimitive.Root value={value} onValueChange={onValueChange}>
      <SelectPrimitive.Trigger
        id={id}
        aria-label={label}
        className={cn(
          'inline-flex min-h-10 min-w-44 items-center justify-between gap-2 rounded-md border border-gray-400 bg-white px-3 text-sm text-gray-900 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-gray-500 dark:bg-gray-900 dark:text-gray-100',
          className,
        )}
      >
        <SelectPrimitive.Value />
        <SelectPrimitive.Icon aria-hidden>▾</SelectPrimitive.Icon>
      </SelectPrimitive.Trigger>
      <SelectPrimitive.Portal>
        <SelectPrimitive.Content position="popper" sideOffset={4} className="z-50 max-h-80 min-w-44 overflow-hidden rounded-md border border-gray-300 bg-white shadow-lg dark:border-gray-600 dark:bg-gray-900">
          <SelectPrimitive.Viewport className="p-1">
            {options.map((option) => (
              <SelectPrimitive.Item
                key={option.value}
                value={option.value}
                className="cursor-pointer rounded px-3 py-2 text-sm text-gray-900 outline-none data-[highlighted]:bg-blue-100 data-[state=checked]:font-semibold dark:text-gray-100 dark:data-[highlighted]:bg-gray-700"
              >
                <SelectPrimitive.ItemText>{option.label}</SelectPrimitive.ItemText>
              </SelectPrimitive.Item>
            ))}
          </SelectPrimitive.Viewport>
        </SelectPrimitive.Content>
      </SelectPrimitive.Portal>
    </SelectPrimitive.Root>
  );
}
