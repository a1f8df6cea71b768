import { HELPER_INSTALL_STEPS, HELPER_OFFLINE_TEXT, PAIRING_AFTER_SETUP } from '../../model/connectionState';
import { Button } from '../spectrum/Button';

export interface HelperOfflineViewProps {
  helperUrl: string;
  /** What the last attempt ran into. */
  reason: string | null;
  retrySeconds: number;
  onRetry(): void;
}

/** The helper cannot be reached: how to install and start it, or start it again; the panel keeps trying by itself. */
export function HelperOfflineView({ helperUrl, reason, retrySeconds, onRetry }: HelperOfflineViewProps) {
  return (
    <div className="view scroll" data-testid="helper-offline">
      <sp-heading size="XS">Threefold helper is not running</sp-heading>
      <sp-body size="S">First time? Install the helper, which makes the copies:</sp-body>
      <ul className="install-steps" data-testid="helper-install-steps">
        {HELPER_INSTALL_STEPS.map(({ platform, sentence }) => (
          <li key={platform} data-platform={platform}>
            <sp-body size="S">
              <strong>{platform}:</strong> {sentence}
            </sp-body>
          </li>
        ))}
      </ul>
      <sp-body size="S">{PAIRING_AFTER_SETUP}</sp-body>
      <sp-body size="S">Installed already, or working from source:</sp-body>
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
