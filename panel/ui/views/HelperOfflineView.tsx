import { HELPER_OFFLINE_TEXT } from '../../model/connectionState';
import { Button } from '../spectrum/Button';

export interface HelperOfflineViewProps {
  helperUrl: string;
  /** What the last attempt ran into. */
  reason: string | null;
  retrySeconds: number;
  onRetry(): void;
}

/** The helper cannot be reached: how to start it; the panel keeps trying by itself. */
export function HelperOfflineView({ helperUrl, reason, retrySeconds, onRetry }: HelperOfflineViewProps) {
  return (
    <div className="view" data-testid="helper-offline">
      <sp-heading size="XS">Threefold helper is not running</sp-heading>
      <sp-body class="command">{HELPER_OFFLINE_TEXT}</sp-body>
      <sp-body size="XS" class="muted">
        Trying {helperUrl} again every {retrySeconds} seconds{reason ? ` (${reason})` : ''}.
      </sp-body>
      <div className="actions">
        <Button variant="secondary" onPress={onRetry} testId="retry-connection">
          Try now
        </Button>
      </div>
    </div>
  );
}
