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
      <sp-detail class="muted path" title={row.mediaPath}>
        {row.mediaPath}
      </sp-detail>
      {row.offline ? <sp-detail class="warning">Premiere shows this clip offline.</sp-detail> : null}
      {copies.error ? <sp-detail class="error">Where the copies are could not be read: {copies.error}</sp-detail> : null}
      <Copies status={row.media} full={copies.byPath.get(row.mediaPath)} now={now} testId="copy-location" />
      {row.proxyPath !== null ? (
        <div className="proxy" data-testid="proxy-details">
          <sp-detail class="strong">Proxy: {fileName(row.proxyPath)}</sp-detail>
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
  if (status === null || locations === undefined) return <sp-detail class="muted">Checking…</sp-detail>;
  return (
    <div className="copies">
      {status.problem ? <sp-detail class="error">{status.problem}</sp-detail> : null}
      {locations.length === 0 ? <sp-detail class="muted">No verified copy yet.</sp-detail> : null}
      {locations.map((copy) => (
        <div key={`${copy.destination}\u0000${copy.location}`} className="copy" data-testid={testId} data-name={copy.destination}>
          <sp-detail class="strong">{copy.destination}</sp-detail>
          <sp-detail class="muted path" title={copy.location}>
            {copy.location}
          </sp-detail>
          <sp-detail class="muted" title={copy.verifiedAt}>
            verified {verifiedAtText(copy.verifiedAt, now)}
          </sp-detail>
        </div>
      ))}
    </div>
  );
}
