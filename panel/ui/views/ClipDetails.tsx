import type { AssetStatusMessage } from '../../../src/protocol/messages';
import type { KnownStatus } from '../../model/assetStatuses';
import { fileName, type ClipRow } from '../../model/clipRows';
import { useCopyLocations } from '../state/useCopyLocations';
import { verifiedAtText } from '../../model/verifiedAt';
import { Button } from '../spectrum/Button';
import { StatusChip } from './StatusChip';

export interface ClipDetailsProps {
  row: ClipRow;
  now: Date;
  loadCopies(paths: string[]): Promise<AssetStatusMessage[]>;
  onClose(): void;
}

/** The selected clip: its file, where its verified copies are and when each was verified; its proxy's too. */
export function ClipDetails({ row, now, loadCopies, onClose }: ClipDetailsProps) {
  const paths = row.proxyPath === null ? [row.mediaPath] : [row.mediaPath, row.proxyPath];
  // Asked again when a chip changes: a copy was just recorded.
  const stateKey = `${row.label}\u0000${row.proxy?.label ?? ''}`;
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
      </div>
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
      <Copies status={row.media} full={copies.byPath.get(row.mediaPath)} now={now} testId="copy-location" />
      {row.proxyPath !== null ? (
        <div className="proxy" data-testid="proxy-details">
          <sp-body size="XS" class="strong">
            Proxy: {fileName(row.proxyPath)}
          </sp-body>
          {row.proxy ? <StatusChip state={row.proxy.state} label={row.proxy.label} /> : null}
          <Copies status={row.proxy} full={copies.byPath.get(row.proxyPath)} now={now} testId="proxy-copy-location" />
        </div>
      ) : null}
    </div>
  );
}

interface CopiesProps {
  status: KnownStatus | null;
  /** The file's full status, once asked for. */
  full: AssetStatusMessage | undefined;
  now: Date;
  testId: string;
}

function Copies({ status, full, now, testId }: CopiesProps) {
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
        <div key={`${copy.destination}\u0000${copy.location}`} className="copy" data-testid={testId} data-name={copy.destination}>
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
      ))}
    </div>
  );
}
