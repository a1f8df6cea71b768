/**
 * What Premiere's project events mean to the panel. The host follows one project (the active one): its DIRTY
 * and CLOSED events arrive on it, OPENED and ACTIVATED globally (they concern a project not followed yet).
 * Each event is judged against the project active once it arrived, so a missed or reordered event still ends
 * with the panel on the right project.
 */
import type { ProjectChange } from './host';

/** `imported`: a media import finished (DIRTY may not fire for it when the project was dirty already). */
export type ProjectEventKind = 'dirty' | 'imported' | 'closed' | 'opened' | 'activated';

/**
 * The change to report, or null for none. `followed` is the project the host followed when the event came,
 * `active` the active project's id now (null: none open).
 */
export function projectChangeOf(event: ProjectEventKind, followed: string | null, active: string | null): ProjectChange | null {
  if (active === null) return followed === null ? null : 'closed';
  if (active !== followed) return 'switched';
  if (event === 'dirty' || event === 'imported') return 'dirty';
  // Premiere may still report the closing project as active while it closes: it is gone all the same.
  if (event === 'closed') return 'closed';
  return null; // opened or activated: the project already followed
}

/** The project to follow after `change`: none once it closed (the next ACTIVATED brings the next one). */
export function followedAfter<P>(change: ProjectChange, active: P | null): P | null {
  return change === 'closed' ? null : active;
}
