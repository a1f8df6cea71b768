import { useRef, type ReactNode } from 'react';
import { useDomEvent } from './useDomEvent';

export interface ButtonProps {
  children: ReactNode;
  onPress(): void;
  variant?: 'cta' | 'primary' | 'secondary' | 'warning';
  quiet?: boolean;
  /** Small, for secondary actions in a narrow panel. */
  small?: boolean;
  disabled?: boolean;
  testId?: string;
}

/** `<sp-button>`: UXP's own in Premiere, Spectrum Web Components' in the browser. */
export function Button({ children, onPress, variant = 'primary', quiet, small, disabled, testId }: ButtonProps) {
  const ref = useRef<HTMLElement>(null);
  // A disabled widget may still dispatch click (UXP): the handler checks.
  useDomEvent(ref, 'click', () => {
    if (!disabled) onPress();
  });
  return (
    <sp-button
      ref={ref}
      variant={variant}
      quiet={quiet ? true : undefined}
      size={small ? 's' : undefined}
      disabled={disabled ? true : undefined}
      data-testid={testId}
    >
      {children}
    </sp-button>
  );
}
