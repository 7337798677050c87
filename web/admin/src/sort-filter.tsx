import { Select } from '../../shared/ui/select';

/** A list's sort order: always one of the API's (the first is its default, kept out of the URL). */
export function SortFilter<T extends string>({ id, label, value, options, onChange }: { id: string; label: string; value: T | undefined; options: { value: T; label: string }[]; onChange: (value: T | undefined) => void }) {
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <Select id={id} label={label} value={value ?? options[0].value} onValueChange={(picked) => onChange(picked === options[0].value ? undefined : (picked as T))} options={options} />
    </div>
  );
}
