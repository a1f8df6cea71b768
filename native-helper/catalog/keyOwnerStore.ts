import { foldKey } from '../../src/paths/foldKey';
import type { CatalogDatabase } from './catalogDatabase';
import { PATHS_PER_QUERY } from './scope';

/** Which source owns which key on each destination: a key, once owned, is never given to another source. */
export class KeyOwnerStore {
  constructor(private readonly db: CatalogDatabase) {}

  /**
   * Records that an asset owns a key on a destination (the key its copies, or its versions, sit at). A key
   * owned already stays its owner's: a source is never recorded over another's key.
   */
  claim(c: { destinationId: number; key: string; assetId: number }): void {
    this.db
      .statement(
        `INSERT INTO key_owners (destination_id, key, folded_key, asset_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (destination_id, key) DO NOTHING`,
      )
      .run(c.destinationId, c.key, foldKey(c.key), c.assetId);
  }

  /** The keys each of these sources owns, by destination id: a few queries for any number of sources. */
  ownedKeys(assetPaths: readonly string[]): Map<string, Map<number, string[]>> {
    const statement = this.db.rawStatement(
      `SELECT j.key, o.destination_id, o.key FROM json_each(?) j JOIN assets a ON a.path = j.value JOIN key_owners o ON o.asset_id = a.id`,
    );
    const owned = new Map<string, Map<number, string[]>>();
    for (let start = 0; start < assetPaths.length; start += PATHS_PER_QUERY) {
      const rows = statement.all(JSON.stringify(assetPaths.slice(start, start + PATHS_PER_QUERY))) as Array<[number, number, string]>;
      for (const [i, destinationId, key] of rows) {
        const assetPath = assetPaths[start + i]!;
        const byDestination = owned.get(assetPath) ?? new Map<number, string[]>();
        owned.set(assetPath, byDestination);
        byDestination.set(destinationId, [...(byDestination.get(destinationId) ?? []), key]);
      }
    }
    return owned;
  }

  /** The sources that own keys of these folded forms on a destination: a few queries for any number of keys. */
  holders(destinationId: number, foldedKeys: readonly string[]): Map<string, string[]> {
    const statement = this.db.rawStatement(
      `SELECT o.folded_key, a.path FROM json_each(?) j JOIN key_owners o ON o.destination_id = ? AND o.folded_key = j.value
       JOIN assets a ON a.id = o.asset_id`,
    );
    const holders = new Map<string, string[]>();
    for (let start = 0; start < foldedKeys.length; start += PATHS_PER_QUERY) {
      const rows = statement.all(JSON.stringify(foldedKeys.slice(start, start + PATHS_PER_QUERY)), destinationId) as Array<[string, string]>;
      for (const [folded, assetPath] of rows) holders.set(folded, [...(holders.get(folded) ?? []), assetPath]);
    }
    return holders;
  }

  /** Another source that owns a key of this folded form on the destination, if any. */
  holder(destinationId: number, foldedKey: string, exceptPath: string): string | undefined {
    return this.db
      .statement(
        `SELECT a.path FROM key_owners o JOIN assets a ON a.id = o.asset_id
       WHERE o.destination_id = ? AND o.folded_key = ? AND a.path <> ? LIMIT 1`,
      )
      .pluck()
      .get(destinationId, foldedKey, exceptPath) as string | undefined;
  }

  /** Every key this home's sources own on a destination, with its source: the destination's own record of them. */
  onDestination(destinationId: number): Array<[key: string, sourcePath: string]> {
    return this.db
      .rawStatement(`SELECT o.key, a.path FROM key_owners o JOIN assets a ON a.id = o.asset_id WHERE o.destination_id = ? ORDER BY o.key`)
      .all(destinationId) as Array<[string, string]>;
  }
}
