import { useEffect, useRef } from 'react';
import { useDomEvent } from './useDomEvent';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps {
  value: string;
  options: readonly SelectOption[];
  onChange(value: string): void;
  /** What the list chooses, for assistive technology (the view shows it beside the list). */
  label: string;
  testId?: string;
}

/**
 * A dropdown: a native `<select>`, which UXP draws as its Spectrum picker and the browser build styles
 * (web.css). `<sp-picker>` differs between UXP and Spectrum Web Components (UXP wants its menu in
 * `slot="options"`), so one markup would not serve both. Like TextField, its value goes through the DOM
 * property and the `change` event, which UXP and browsers both have.
 */
export function Select({ value, options, onChange, label, testId }: SelectProps) {
  const ref = useRef<HTMLSelectElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: with new options the value may only now have its <option>: set it again
  useEffect(() => {
    const select = ref.current;
    if (select && select.value !== value) select.value = value;
  }, [value, options]);
  useDomEvent(ref, 'change', () => onChange(ref.current?.value ?? ''));
  return (
    <select ref={ref} className="select" defaultValue={value} aria-label={label} data-testid={testId}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
