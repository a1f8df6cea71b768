import type { AssetStatusMessage } from '../../../src/protocol/messages';
import type { KnownStatus } from '../../model/assetStatuses';
import { fileName, type ClipRow } from '../../model/clipRows';
import { useState } from 'react';
import { useCopyLocations } from '../state/useCopyLocations';
import { errorText } from '../state/errorText';
import { verifiedAtText } from '../../model/verifiedAt';
import { Button } from '../spectrum/Button';
import { StatusChip } from './StatusChip';

/** What can be done with a clip's copies: each is the helper's or the host's. */
export interface CopyActions {
  /** Reads the files' copies back (a verify job); refused while a job runs. */
  onVerify(paths: string[]): void;
  canVerify: boolean;
  /** Shows the copy in the file manager; resolves once shown, rejects with the helper's reason. */
  reveal(path: string, destination: string): Promise<void>;
  copyText(text: string): Promise<void>;
}

export interface ClipDetailsProps extends CopyActions {
  row: ClipRow;
  now: Date;
  loadCopies(paths: string[]): Promise<AssetStatusMessage[]>;
  onClose(): void;
}

/** Where the helper's machine shows files: Finder on a Mac, Explorer on Windows. */
const REVEAL_LABEL = /Mac/i.test(globalThis.navigator?.platform ?? '')
  ? 'Show in Finder'
  : /Win/i.test(globalThis.navigator?.platform ?? '')
    ? 'Show in Explorer'
    : 'Show in folder';

/** The selected clip: its file, where its verified copies are and when each was verified; its proxy's too. */
export function ClipDetails({ row, now, loadCopies, onClose, ...actions }: ClipDetailsProps) {
  const paths = row.proxyPath === null ? [row.mediaPath] : [row.mediaPath, row.proxyPath];
  // Asked again when a chip changes (a copy was just recorded) or its copies were verified again.
  const stateKey = `${row.label}\u0000${row.proxy?.label ?? ''}\u0000${row.lastVerified ?? ''}\u0000${row.proxy?.lastVerified ?? ''}`;
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const act = (action: Promise<void>, done: string): void => {
    setNotice(null);
    action.then(
      () => setNotice({ text: done, error: false }),
      (e: unknown) => setNotice({ text: errorText(e), error: true }),
    );
  };
  const copyActions = {
    onReveal: (path: string, destination: string) => act(actions.reveal(path, destination), 'Shown in the file manager.'),
    onCopyPath: (location: string) => act(actions.copyText(location), 'Path copied.'),
  };
  const copies = useCopyLocations(paths, stateKey, loadCopies);
  return (
    <div className="details" data-testid="clip-details" data-clip-id={row.id}>
      <div className="header">
        <sp-body class="strong ellipsis">{row.name}</sp-body>
        <Button variant="secondary" quiet small onPress={onClose} testId="details-close">
          Close
        </Button>
      </div>
      <div className="details-line">
        <StatusChip state={row.state} label={row.label} />
        <Button variant="secondary" quiet small onPress={() => actions.onVerify(paths)} disabled={!actions.canVerify} testId="verify-clip">
          Verify
        </Button>
      </div>
      {notice ? (
        <div className={notice.error ? 'error notice' : 'muted notice'} data-testid="copy-notice" role="status">
          {notice.text}
        </div>
      ) : null}
      <sp-body size="XS" class="muted path" title={row.mediaPath}>
        {row.mediaPath}
      </sp-body>
      {row.offline ? (
        <sp-body size="XS" class="warning">
          Premiere shows this clip offline.
        </sp-body>
      ) : null}
      {copies.error ? (
        <sp-body size="XS" class="error">
          Where the copies are could not be read: {copies.error}
        </sp-body>
      ) : null}
      <Copies source={row.mediaPath} status={row.media} full={copies.byPath.get(row.mediaPath)} now={now} testId="copy-location" {...copyActions} />
      {row.proxyPath !== null ? (
        <div className="proxy" data-testid="proxy-details">
          <sp-body size="XS" class="strong">
            Proxy: {fileName(row.proxyPath)}
          </sp-body>
          {row.proxy ? <StatusChip state={row.proxy.state} label={row.proxy.label} /> : null}
          <Copies source={row.proxyPath} status={row.proxy} full={copies.byPath.get(row.proxyPath)} now={now} testId="proxy-copy-location" {...copyActions} />
        </div>
      ) : null}
    </div>
  );
}

interface CopiesProps {
  /** The file whose copies these are. */
  source: string;
  status: KnownStatus | null;
  /** The file's full status, once asked for. */
  full: AssetStatusMessage | undefined;
  now: Date;
  testId: string;
  onReveal(source: string, destination: string): void;
  onCopyPath(location: string): void;
}

/** A bucket's copy is a URL: there is no folder to show. */
const isLocalCopy = (location: string): boolean => !/^[a-z][a-z0-9+.-]*:\/\//i.test(location);

function Copies({ source, status, full, now, testId, onReveal, onCopyPath }: CopiesProps) {
  const locations = full?.locations ?? status?.locations;
  if (status === null || locations === undefined)
    return (
      <sp-body size="XS" class="muted">
        Checking…
      </sp-body>
    );
  return (
    <div className="copies">
      {status.problem ? (
        <sp-body size="XS" class="error">
          {status.problem}
        </sp-body>
      ) : null}
      {locations.length === 0 ? (
        <sp-body size="XS" class="muted">
          No verified copy yet.
        </sp-body>
      ) : null}
      {locations.map((copy) => (
        <div key={`${copy.destination}\u0000${copy.location}`} className="copy">
          <div data-testid={testId} data-name={copy.destination}>
            <sp-body size="XS" class="strong">
              {copy.destination}
            </sp-body>
            <sp-body size="XS" class="muted path" title={copy.location}>
              {copy.location}
            </sp-body>
            <sp-body size="XS" class="muted" title={copy.verifiedAt}>
              verified {verifiedAtText(copy.verifiedAt, now)}
            </sp-body>
          </div>
          <div className="copy-actions" data-name={copy.destination}>
            {isLocalCopy(copy.location) ? (
              <Button variant="secondary" quiet small onPress={() => onReveal(source, copy.destination)} testId="reveal-copy">
                {REVEAL_LABEL}
              </Button>
            ) : null}
            <Button variant="secondary" quiet small onPress={() => onCopyPath(copy.location)} testId="copy-path">
              Copy path
            </Button>
          </div>
        </div>
      ))}
    </div>
  );
}
