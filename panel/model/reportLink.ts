/** Where a browser opens a job's report: the helper's HTTP origin (the panel's connection) and the report's link. */
import { httpUrlOf } from './connectionState';

export function reportPageUrl(helperUrl: string, link: string): string {
  if (!link.startsWith('/')) throw new Error(`the helper gave a report link that is not a path: ${link}`);
  return new URL(link, httpUrlOf(helperUrl)).href;
}
