import type { AssetStatusMessage } from '../../../src/protocol/messages';
import { fileName, type ClipRow } from '../../model/clipRows';
import { verifiedAtText } from '../../model/verifiedAt';
import { Button } from '../spectrum/Button';
import { StatusChip } from './StatusChip';

export interface ClipDetailsProps {
  row: ClipRow;
  now: Date;
  onClose(): void;
}

/** The selected clip: its file, where its verified copies are and when each was verified; its proxy's too. */
export function ClipDetails({ row, now, onClose }: ClipDetailsProps) {
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
      <Copies status={row.media} now={now} testId="copy-location" />
      {row.proxyPath !== null ? (
        <div className="proxy" data-testid="proxy-details">
          <sp-detail class="strong">Proxy: {fileName(row.proxyPath)}</sp-detail>
          {row.proxy ? <StatusChip state={row.proxy.state} label={row.proxy.label} /> : null}
          <Copies status={row.proxy} now={now} testId="proxy-copy-location" />
        </div>
      ) : null}
    </div>
  );
}

function Copies({ status, now, testId }: { status: AssetStatusMessage | null; now: Date; testId: string }) {
  if (status === null) return <sp-detail class="muted">Checking…</sp-detail>;
  return (
    <div className="copies">
      {status.problem ? <sp-detail class="error">{status.problem}</sp-detail> : null}
      {status.locations.length === 0 ? <sp-detail class="muted">No verified copy yet.</sp-detail> : null}
      {status.locations.map((copy) => (
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
