import { parseBandwidth } from '../../src/bandwidth/bandwidthSchedule';
import { setCloudBandwidth } from '../destinations/cloudBandwidth';
import { UserError } from '../errors';

/** Sets the process's cloud bandwidth limit from a `--bwlimit` or the config's (none: no limit); a limit that does not parse is refused. */
export function applyBandwidthLimit(text: string | undefined): void {
  if (text === undefined) {
    setCloudBandwidth([]);
    return;
  }
  const parsed = parseBandwidth(text);
  if (!parsed.ok) throw new UserError(`bandwidth limit: ${parsed.error}`);
  setCloudBandwidth(parsed.windows);
}
