export interface ProgressBarProps {
  /** 0–100 */
  percent: number;
  label: string;
}

/**
 * UXP's `<sp-progressbar max value>` (Spectrum Web Components' progress bar is not supported in UXP; the
 * browser build registers a stand-in under this tag).
 */
export function ProgressBar({ percent, label }: ProgressBarProps) {
  return <sp-progressbar class="progress" max={100} value={percent} aria-label={label}></sp-progressbar>;
}
