// The Spectrum tags the views render: UXP's built-in widgets inside Premiere; in the browser build, Spectrum
// Web Components and small stand-ins (panel/ui/web/). React 18 passes props of a
// custom element as attributes: `class`, not className; booleans as `attr={x ? true : undefined}`.
import type { DOMAttributes, Ref } from 'react';

interface SpectrumElementProps extends DOMAttributes<HTMLElement> {
  ref?: Ref<HTMLElement>;
  class?: string;
  id?: string;
  title?: string;
  slot?: string;
  role?: string;
  'data-testid'?: string;
  'data-name'?: string;
  'data-checked'?: string;
  [attribute: `aria-${string}`]: string | undefined;
}

interface ButtonProps extends SpectrumElementProps {
  variant?: 'cta' | 'primary' | 'secondary' | 'warning';
  quiet?: true;
  disabled?: true;
  size?: 's' | 'm';
}

interface CheckboxProps extends SpectrumElementProps {
  checked?: true;
  disabled?: true;
}

interface TypographyProps extends SpectrumElementProps {
  size?: 'XXS' | 'XS' | 'S' | 'M' | 'L' | 'XL';
}

interface ProgressBarProps extends SpectrumElementProps {
  max?: number;
  value?: number;
  size?: 's' | 'm';
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'sp-button': ButtonProps;
      'sp-checkbox': CheckboxProps;
      'sp-switch': CheckboxProps;
      'sp-heading': TypographyProps;
      'sp-body': TypographyProps;
      'sp-detail': TypographyProps;
      'sp-divider': TypographyProps;
      'sp-progressbar': ProgressBarProps;
    }
  }
}
