import { useState } from 'react';
import type { DestinationInfo } from '../../../src/protocol/messages';
import { destinationStateText } from '../../model/destinationState';
import { EMPTY_DESTINATION_FORM, isS3, offsiteChecked, type DestinationForm } from '../../model/destinationForm';
import { Button } from '../spectrum/Button';
import { Checkbox } from '../spectrum/Checkbox';
import { TextField } from '../spectrum/TextField';
import { S3DestinationFields } from './S3DestinationFields';

export type DestinationTestState = { state: 'testing' } | { state: 'ok' } | { state: 'failed'; error: string };

export interface DestinationsViewProps {
  /** null while the list is loading. */
  destinations: readonly DestinationInfo[] | null;
  verdicts: Readonly<Record<string, DestinationTestState>>;
  error: string | null;
  adding: boolean;
  /** Resolves true when the destination was added (the form is cleared). */
  onAdd(form: DestinationForm): Promise<boolean>;
  onTest(name: string): void;
  onRemove(name: string): void;
  onDone(): void;
  /** For "last copy 2 h ago" (the current time when left out). */
  now?: Date;
}

/** Where copies go: the list with a test and a remove per row, and the form that adds one. */
export function DestinationsView({ destinations, verdicts, error, adding, onAdd, onTest, onRemove, onDone, now }: DestinationsViewProps) {
  const [form, setForm] = useState<DestinationForm>(EMPTY_DESTINATION_FORM);
  const edit = (change: Partial<DestinationForm>): void => setForm((f) => ({ ...f, ...change }));
  const add = (): void => {
    if (adding) return;
    void onAdd(form).then((added) => {
      if (added) setForm(EMPTY_DESTINATION_FORM);
    });
  };
  return (
    <div className="view scroll" data-testid="destinations">
      <div className="header">
        <sp-heading size="XS">Destinations</sp-heading>
        <Button variant="primary" onPress={onDone} testId="destinations-done">
          Done
        </Button>
      </div>
      <sp-body class="muted">Every clip gets a verified copy on each: at least two kinds of media, one of them offsite.</sp-body>
      {destinations === null ? <sp-body class="muted">Loading…</sp-body> : null}
      {destinations?.length === 0 ? <sp-body class="muted">No destinations yet: add a local folder or an S3 bucket.</sp-body> : null}
      {destinations?.map((d) => (
        <DestinationRow key={d.name} destination={d} verdict={verdicts[d.name]} now={now ?? new Date()} onTest={onTest} onRemove={onRemove} />
      ))}
      <sp-divider></sp-divider>
      <sp-heading size="XXS">Add a destination</sp-heading>
      <TextField label="Name" value={form.name} onChange={(name) => edit({ name })} placeholder="e.g. raid" testId="dest-name" />
      <TextField
        label="Folder, or s3://bucket/prefix"
        value={form.where}
        onChange={(where) => edit({ where })}
        placeholder="e.g. /Volumes/RAID/Threefold"
        testId="dest-where"
      />
      <TextField
        label="Media label"
        value={form.media}
        onChange={(media) => edit({ media })}
        placeholder={isS3(form.where) ? 'e.g. cloud' : 'e.g. ssd, hdd, raid, nas'}
        testId="dest-media"
      />
      {isS3(form.where) ? <S3DestinationFields form={form} onChange={setForm} /> : null}
      <Checkbox checked={offsiteChecked(form)} onChange={(offsite) => edit({ offsite })} testId="dest-offsite">
        Offsite (kept at another place)
      </Checkbox>
      <div className="actions">
        <Button variant="cta" onPress={add} disabled={adding} testId="dest-add">
          {adding ? 'Checking…' : 'Add'}
        </Button>
      </div>
      <sp-body class="error" data-testid="dest-error" role="alert">
        {error ?? ''}
      </sp-body>
    </div>
  );
}

interface DestinationRowProps {
  destination: DestinationInfo;
  verdict: DestinationTestState | undefined;
  now: Date;
  onTest(name: string): void;
  onRemove(name: string): void;
}

function DestinationRow({ destination: d, verdict, now, onTest, onRemove }: DestinationRowProps) {
  // Removing takes a second click: the destination's copies stop counting at once.
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="destination" data-testid="destination-row" data-name={d.name}>
      <div className="destination-text">
        <sp-body class="strong">{d.name}</sp-body>
        <sp-body size="XS" class="muted" title={d.where}>
          {d.where}
        </sp-body>
        <sp-body size="XS" class="muted">
          {d.media} · {d.offsite ? 'offsite' : 'onsite'}
        </sp-body>
        {d.detail ? (
          <sp-body size="XS" class="muted" title={d.detail} data-testid="dest-detail">
            {d.detail}
          </sp-body>
        ) : null}
        <DestinationStateLine destination={d} now={now} />
        <sp-body size="XS" class={verdictClass(verdict)} data-testid="dest-verdict">
          {verdictText(verdict)}
        </sp-body>
      </div>
      <div className="destination-actions">
        <Button variant="secondary" quiet small onPress={() => onTest(d.name)} disabled={verdict?.state === 'testing'} testId="dest-test">
          Test
        </Button>
        {confirming ? (
          <Button variant="warning" onPress={() => onRemove(d.name)} testId="dest-remove-confirm">
            Remove {d.name}
          </Button>
        ) : (
          <Button variant="secondary" quiet small onPress={() => setConfirming(true)} testId="dest-remove">
            Remove
          </Button>
        )}
      </div>
    </div>
  );
}

function verdictText(verdict: DestinationTestState | undefined): string {
  switch (verdict?.state) {
    case undefined:
      return '';
    case 'testing':
      return 'Testing…';
    case 'ok':
      return 'Works: a test file was written, read back and removed';
    case 'failed':
      return `Does not work: ${verdict.error}`;
  }
}

function verdictClass(verdict: DestinationTestState | undefined): string {
  return verdict?.state === 'failed' ? 'error' : verdict?.state === 'ok' ? 'ok' : 'muted';
}

/** Connected now, free space, last copy: plain text (sp-detail would set times in capitals). */
function DestinationStateLine({ destination, now }: { destination: DestinationInfo; now: Date }) {
  const { connection, free, lastCopy } = destinationStateText(destination, now);
  if (connection === null && free === null && lastCopy === null) return null;
  const parts = [
    connection ? (
      <span
        key="connection"
        className={connection.connected ? 'connected' : 'warning'}
        data-testid="dest-connection"
        data-connected={String(connection.connected)}
      >
        {connection.text}
      </span>
    ) : null,
    free ? (
      <span key="free" data-testid="dest-free">
        {free}
      </span>
    ) : null,
    lastCopy ? (
      <span key="last-copy" data-testid="dest-last-copy">
        {lastCopy}
      </span>
    ) : null,
  ].filter((part) => part !== null);
  return (
    <div className="destination-state" data-testid="dest-state">
      {parts.flatMap((part, i) => (i === 0 ? [part] : [' · ', part]))}
    </div>
  );
}
