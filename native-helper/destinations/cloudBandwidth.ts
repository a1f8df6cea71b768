import { type BandwidthWindow, bandwidthAt } from '../../src/bandwidth/bandwidthSchedule';
import { Pacer } from '../fsutil/pacer';

let windows: readonly BandwidthWindow[] = [];

/** The minute of the day on this machine's clock: a timetable is in local time, as rclone's is. */
function minuteOfDay(): number {
  const now = new Date();
  return now.getHours() * 60 + now.getMinutes();
}

/**
 * The one bandwidth limit of this process for cloud transfers, uploads and downloads together (rclone's
 * `--bwlimit`): every S3 body sent and every chunk received goes through it. No limit until one is set.
 */
export const cloudBandwidth = new Pacer(() => (windows.length === 0 ? null : bandwidthAt(windows, minuteOfDay())));

/** Sets the limit (a parsed `--bwlimit` or the config's timetable); none lifts it. */
export function setCloudBandwidth(timetable: readonly BandwidthWindow[]): void {
  windows = timetable;
}
