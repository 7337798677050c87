import type { InputHTMLAttributes, Ref } from 'react';

/** A checkbox with its label beside it (react-hook-form's `register` spreads onto it). */
export function Checkbox({ label, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string; ref?: Ref<HTMLInputElement> }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" className="size-4 accent-blue-700 dark:accent-blue-300" {...props} />
      {label}
    </label>
  );
}
