import { Button } from '../spectrum/Button';
import { Switch } from '../spectrum/Switch';
import type { AutoProtectControls } from '../state/useAutoProtect';

/** Auto-protect this project: a plan that protects the project on every save, and when it last and next runs. */
export function AutoProtect({ auto }: { auto: AutoProtectControls }) {
  const { view } = auto;
  const line = !auto.saved ? 'Save the project first: a plan watches its file' : (view?.line ?? 'Reading the plans…');
  return (
    <div className="auto-protect" data-testid="auto-protect" data-on={view?.on ? 'true' : 'false'}>
      <div className="auto-protect-row">
        <Switch checked={view?.on ?? false} disabled={!auto.saved || view === null || auto.busy} onChange={auto.setOn} testId="auto-protect-switch">
          Auto-protect this project
        </Switch>
        {view?.paused ? (
          <Button variant="secondary" quiet small onPress={auto.remove} disabled={auto.busy} testId="auto-protect-remove">
            Remove plan
          </Button>
        ) : null}
      </div>
      <sp-body size="XS" class="muted" data-testid="auto-protect-line">
        {line}
      </sp-body>
      {view?.problem ? (
        <sp-body size="XS" class="warning" data-testid="auto-protect-problem">
          {view.problem}
        </sp-body>
      ) : null}
      {auto.error ? (
        <sp-body size="XS" class="error" data-testid="auto-protect-error">
          {auto.error}
        </sp-body>
      ) : null}
    </div>
  );
}
