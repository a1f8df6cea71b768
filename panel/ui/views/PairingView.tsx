import { useState } from 'react';
import { Button } from '../spectrum/Button';
import { TextField } from '../spectrum/TextField';

export interface PairingViewProps {
  /** Why the panel asks again (its pairing was revoked), if it does. */
  notice: string | null;
  error: string | null;
  busy: boolean;
  onPair(typedCode: string): void;
}

/** First run: the code `threefold setup` (or `threefold pair`) shows, typed here once; the panel keeps the token it buys. */
export function PairingView({ notice, error, busy, onPair }: PairingViewProps) {
  const [code, setCode] = useState('');
  const submit = (): void => {
    if (!busy) onPair(code);
  };
  return (
    <div className="view" data-testid="pairing">
      <sp-heading size="XS">Pair with the Threefold helper</sp-heading>
      {notice ? <sp-body class="notice">{notice}</sp-body> : null}
      <sp-body class="muted">
        Type the code Threefold setup showed (in a notification, and in its setup.log), or run <span className="code">threefold pair</span> in a terminal for
        one.
      </sp-body>
      <TextField label="Pairing code" value={code} onChange={setCode} onSubmit={submit} placeholder="ABCD-EFGH" testId="pairing-code" />
      <div className="actions">
        <Button variant="cta" onPress={submit} disabled={busy} testId="pair-button">
          {busy ? 'Pairing…' : 'Pair'}
        </Button>
      </div>
      <sp-body class="error" data-testid="pairing-error" role="alert">
        {error ?? ''}
      </sp-body>
    </div>
  );
}
