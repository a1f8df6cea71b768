import type { CatalogDatabase } from './catalogDatabase';

export interface DestinationRecord {
  url: string;
  name: string;
  kind: string;
  media: string;
  offsite: boolean;
}

/** What the catalog knows of a destination's storage. */
export interface DestinationState {
  id: number;
  url: string;
  name: string;
  /** The id of the identity marker found at its root; null until a job or `dest add` has read it. */
  identity: string | null;
  reachableAt: string | null;
  unreachableSince: string | null;
  unreachableReason: string | null;
}

/** The destinations the catalog knows: their ids, identities and reachability. */
export class DestinationStore {
  constructor(private readonly db: CatalogDatabase) {}

  /** The catalog id of a destination, recorded (or its name and labels refreshed) on the way. */
  id(d: DestinationRecord): number {
    const row = this.db
      .statement(
        `INSERT INTO destinations (url, name, kind, media, offsite, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (url) DO UPDATE SET name = excluded.name, media = excluded.media, offsite = excluded.offsite
         RETURNING id`,
      )
      .get(d.url, d.name, d.kind, d.media, d.offsite ? 1 : 0, new Date().toISOString()) as { id: number };
    return row.id;
  }

  /** Every destination the catalog knows, by URL: its id. */
  ids(): Map<string, number> {
    const rows = this.db.statement(`SELECT url, id FROM destinations`).all() as Array<{ url: string; id: number }>;
    return new Map(rows.map((r) => [r.url, r.id]));
  }

  /** Every destination the catalog knows, with its storage's identity and reachability. */
  states(): DestinationState[] {
    return this.db
      .statement(
        `SELECT id, url, name, identity, reachable_at AS reachableAt, unreachable_since AS unreachableSince,
         unreachable_reason AS unreachableReason FROM destinations ORDER BY id`,
      )
      .all() as DestinationState[];
  }

  setIdentity(destinationId: number, identity: string): void {
    this.db.statement(`UPDATE destinations SET identity = ? WHERE id = ?`).run(identity, destinationId);
  }

  /** It answered now: whatever it said, it is reachable. */
  recordReachable(destinationId: number, at: string): void {
    this.db.statement(`UPDATE destinations SET reachable_at = ?, unreachable_since = NULL, unreachable_reason = NULL WHERE id = ?`).run(at, destinationId);
  }

  /** It did not answer: since when is kept from the first failure, the reason is the latest. */
  recordUnreachable(destinationId: number, at: string, reason: string): void {
    this.db
      .statement(`UPDATE destinations SET unreachable_since = COALESCE(unreachable_since, ?), unreachable_reason = ? WHERE id = ?`)
      .run(at, reason, destinationId);
  }
}
