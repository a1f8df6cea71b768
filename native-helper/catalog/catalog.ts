import { AssetStore } from './assetStore';
import { CatalogDatabase } from './catalogDatabase';
import { CopyStore } from './copyStore';
import { DestinationStore } from './destinationStore';
import { DrillStore } from './drillStore';
import { HealthStore } from './healthStore';
import { JobStore } from './jobStore';
import { KeyOwnerStore } from './keyOwnerStore';
import { PairingStore } from './pairingStore';
import { PlanRunStore } from './planRunStore';
import { RebuildStore } from './rebuild';
import { RestoreRangeStore } from './restoreRangeStore';
import { ReportStore } from './reportStore';
import { UploadStore } from './uploadStore';
import { VersionStore } from './versionStore';

/**
 * The index of what is protected where (SQLite, WAL). It is not the only truth: every destination keeps
 * its own ASC MHL history. One store per concern, all over one database and its statement cache.
 */
export class Catalog {
  readonly destinations: DestinationStore;
  readonly assets: AssetStore;
  readonly copies: CopyStore;
  readonly keyOwners: KeyOwnerStore;
  readonly versions: VersionStore;
  readonly uploads: UploadStore;
  readonly jobs: JobStore;
  readonly pairing: PairingStore;
  readonly planRuns: PlanRunStore;
  readonly rebuild: RebuildStore;
  readonly drills: DrillStore;
  readonly restoreRanges: RestoreRangeStore;
  readonly reports: ReportStore;
  readonly health: HealthStore;

  private constructor(private readonly db: CatalogDatabase) {
    this.destinations = new DestinationStore(db);
    this.assets = new AssetStore(db, this.destinations);
    this.copies = new CopyStore(db);
    this.keyOwners = new KeyOwnerStore(db);
    this.versions = new VersionStore(db);
    this.uploads = new UploadStore(db);
    this.jobs = new JobStore(db);
    this.pairing = new PairingStore(db);
    this.planRuns = new PlanRunStore(db);
    this.rebuild = new RebuildStore(db);
    this.drills = new DrillStore(db);
    this.restoreRanges = new RestoreRangeStore(db);
    this.reports = new ReportStore(db);
    this.health = new HealthStore(db);
  }

  static open(file: string): Catalog {
    return new Catalog(CatalogDatabase.open(file));
  }

  close(): void {
    this.db.close();
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work);
  }

  /** This home's id (random, made with the catalog): what its records on a shared destination are named by. */
  homeId(): string {
    return this.db.statement(`SELECT id FROM home`).pluck().get() as string;
  }
}
