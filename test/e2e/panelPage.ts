/** What the panel's page shows, read through its test ids (the contract between the UI and these tests). */
import type { Locator, Page } from 'playwright-core';
import { SIMULATED_HOST_PROPERTY, type ShownBadge } from '../../panel/host/simulatedHost';

export interface ClipRowView {
  id: string;
  state: string;
  name: string;
  /** The folder of the clip's file (its second line). */
  folder: string;
  chip: string;
}

/** The part of a DOM element read here; structural, so it needs no DOM typings. */
interface ElementLike {
  getAttribute(name: string): string | null;
  querySelector(selector: string): { textContent: string | null } | null;
}

/** Every rendered clip row, read in one pass (a re-render between reads cannot mix two states). */
export async function clipRows(page: Page): Promise<ClipRowView[]> {
  return page.getByTestId('clip-row').evaluateAll((rows: ElementLike[]) =>
    rows.map((row) => {
      const text = (id: string): string => (row.querySelector(`[data-testid="${id}"]`)?.textContent ?? '').trim();
      return {
        id: row.getAttribute('data-clip-id') ?? '',
        state: row.getAttribute('data-state') ?? '',
        name: text('clip-name'),
        folder: text('clip-folder'),
        chip: text('chip'),
      };
    }),
  );
}

/** Clip name → its row, for assertions that read like the fixture. */
export async function clipRowsByName(page: Page): Promise<Record<string, ClipRowView>> {
  return Object.fromEntries((await clipRows(page)).map((row) => [row.name, row]));
}

/** The `data-name` of every element with this test id, in page order. */
export async function namesOf(page: Page, testId: string): Promise<string[]> {
  return page.getByTestId(testId).evaluateAll((items: ElementLike[]) => items.map((item) => item.getAttribute('data-name') ?? ''));
}

/** The number a summary entry shows (`summary-protected` → 4). */
export async function summaryCount(page: Page, state: 'protected' | 'partial' | 'unprotected' | 'missing' | 'lost'): Promise<number> {
  const text = await page.getByTestId(`summary-${state}`).innerText({ timeout: 2000 });
  const m = /\d+/.exec(text.replace(/[,\u202f\u00a0]/g, ''));
  if (!m) throw new Error(`summary-${state} shows no count: ${JSON.stringify(text)}`);
  return Number(m[0]);
}

/** The row of one destination in the destinations view. */
export function destinationRow(page: Page, name: string): Locator {
  return page.locator(`[data-testid="destination-row"][data-name="${name}"]`);
}

/** The badges the panel wrote into the simulated project panel (the page's SimulatedHost; not on screen). */
export async function shownBadges(page: Page): Promise<ShownBadge[]> {
  return page.evaluate((property) => {
    const host = (globalThis as unknown as Record<string, { badges(): ShownBadge[] } | undefined>)[property];
    if (!host) throw new Error(`the page has no ${property}: not the browser build?`);
    return host.badges();
  }, SIMULATED_HOST_PROPERTY);
}
