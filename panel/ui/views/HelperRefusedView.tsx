import { Button } from '../spectrum/Button';

export interface HelperRefusedViewProps {
  helperUrl: string;
  /** The helper's own words: what it refused and the command that admits this panel. */
  reason: string;
  retrySeconds: number;
  onRetry(): void;
}

/** The helper runs but refused this panel's connection (its Origin or Host): what happened and how to fix it. */
export function HelperRefusedView({ helperUrl, reason, retrySeconds, onRetry }: HelperRefusedViewProps) {
  return (
    <div className="view" data-testid="helper-refused">
      <sp-heading size="XS">Threefold helper refused this panel</sp-heading>
      <sp-body>The helper is running at {helperUrl}, but it did not accept the panel's connection. It said:</sp-body>
      <sp-body class="command" data-testid="refusal-reason">
        {reason}
      </sp-body>
      <sp-body size="XS" class="muted">
        Restart the helper as it says, then the panel connects by itself (it tries again every {retrySeconds} seconds).
      </sp-body>
      <div className="actions">
        <Button variant="secondary" onPress={onRetry} testId="retry-connection">
          Try now
        </Button>
      </div>
    </div>
  );
}
