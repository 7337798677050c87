import { Label as LabelPrimitive } from 'radix-ui';
import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { cn } from './cn';

export function Label({ className, ...props }: LabelPrimitive.LabelProps) {
  return <LabelPrimitive.Root className={cn('text-sm font-medium text-gray-900 dark:text-gray-100', className)} {...props} />;
}

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  ref?: Ref<HTMLInputElement>;
  invalid?: boolean;
}

export function Input({ className, invalid, ...props }: InputProps) {
  return (
    <input
      aria-invalid={invalid || undefined}
      className={cn(
        'min-h-10 w-full rounded-md border bg-white px-3 text-sm text-gray-900 placeholder:text-gray-500 focus-visible:outline-2 focus-visible:outline-blue-600 dark:bg-gray-900 dark:text-gray-100 dark:placeholder:text-gray-400',
        invalid ? 'border-red-700 dark:border-red-400' : 'border-gray-400 dark:border-gray-500',
        className,
      )}
      {...props}
    />
  );
}

/**
 * A labelled control with its hint and error text, wired for screen readers: the control gets the
 * id, `aria-describedby` and `aria-invalid` through the render prop.
 */
export function Field({ label, error, hint, children }: { label: string; error?: string; hint?: string; children: (control: { id: string; 'aria-describedby'?: string; invalid: boolean }) => ReactNode }) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children({ id, 'aria-describedby': described, invalid: Boolean(error) })}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-gray-600 dark:text-gray-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
