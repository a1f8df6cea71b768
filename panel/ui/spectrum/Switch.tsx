import { useEffect, useRef, type ReactNode } from 'react';
import { useDomEvent } from './useDomEvent';

interface CheckedElement extends HTMLElement {
  checked: boolean;
}

export interface SwitchProps {
  checked: boolean;
  disabled?: boolean;
  onChange(checked: boolean): void;
  children: ReactNode;
  testId?: string;
}

/** `<sp-switch>` (UXP's widget, or Spectrum Web Components'), controlled through its `checked` property. */
export function Switch({ checked, disabled, onChange, children, testId }: SwitchProps) {
  const ref = useRef<CheckedElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (element && element.checked !== checked) element.checked = checked;
  }, [checked]);
  useDomEvent(ref, 'change', () => {
    const element = ref.current;
    if (!element) return;
    // A disabled widget may still change (UXP): it is put back.
    if (disabled) element.checked = checked;
    else onChange(Boolean(element.checked));
  });
  return (
    <sp-switch
      ref={ref as React.Ref<HTMLElement>}
      checked={checked ? true : undefined}
      disabled={disabled ? true : undefined}
      data-testid={testId}
      data-checked={checked ? 'true' : 'false'}
    >
      {children}
    </sp-switch>
  );
}
