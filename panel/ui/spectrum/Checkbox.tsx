import { useEffect, useRef, type ReactNode } from 'react';
import { useDomEvent } from './useDomEvent';

interface CheckedElement extends HTMLElement {
  checked: boolean;
}

export interface CheckboxProps {
  checked: boolean;
  onChange(checked: boolean): void;
  children: ReactNode;
  testId?: string;
}

/** `<sp-checkbox>`, controlled through its `checked` property. */
export function Checkbox({ checked, onChange, children, testId }: CheckboxProps) {
  const ref = useRef<CheckedElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (element && element.checked !== checked) element.checked = checked;
  }, [checked]);
  useDomEvent(ref, 'change', () => onChange(Boolean(ref.current?.checked)));
  return (
    <sp-checkbox ref={ref as React.Ref<HTMLElement>} checked={checked ? true : undefined} data-testid={testId}>
      {children}
    </sp-checkbox>
  );
}
