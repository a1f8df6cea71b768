import { useEffect, useRef } from 'react';
import { useDomEvent } from './useDomEvent';

export interface TextFieldProps {
  value: string;
  onChange(value: string): void;
  /** Enter pressed in the field. */
  onSubmit?(): void;
  label: string;
  placeholder?: string;
  disabled?: boolean;
  /** A secret: shown as dots, never offered for autofill or spell checking. */
  masked?: boolean;
  testId?: string;
}

/**
 * A text field: a native `<input>`, which UXP draws as its Spectrum text field and the browser build styles
 * like one. (`<sp-textfield>` keeps its input in a shadow root, where neither a label nor a test's fill
 * reaches.) Its value is set and read through the DOM property and the `input` event, which both UXP and
 * browsers have, rather than React's change tracking.
 */
export function TextField({ value, onChange, onSubmit, label, placeholder, disabled, masked, testId }: TextFieldProps) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const input = ref.current;
    if (input && input.value !== value) input.value = value;
  }, [value]);
  useDomEvent(ref, 'input', () => onChange(ref.current?.value ?? ''));
  useDomEvent(ref, 'keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Enter') onSubmit?.();
  });
  return (
    <label className="field">
      <sp-body size="XS" class="field-label">
        {label}
      </sp-body>
      <input
        ref={ref}
        className="textfield"
        type={masked ? 'password' : 'text'}
        autoComplete={masked ? 'new-password' : undefined}
        placeholder={placeholder}
        disabled={disabled}
        data-testid={testId}
        spellCheck={false}
      />
    </label>
  );
}
