import { useEffect, useState } from 'react';
import type { AssetStatusMessage } from '../../../src/protocol/messages';
import { errorText } from './errorText';

export interface CopyLocations {
  /** The full status of each asked file, by path; empty until the answer comes. */
  byPath: ReadonlyMap<string, AssetStatusMessage>;
  error: string | null;
}

/**
 * Where the shown files' copies are: badges do not carry it (100,000 files' locations would be most of the
 * answer), so the clip's details ask for their own few files, and again when their state changes.
 */
export function useCopyLocations(paths: readonly string[], stateKey: string, load: (paths: string[]) => Promise<AssetStatusMessage[]>): CopyLocations {
  const [locations, setLocations] = useState<CopyLocations>({ byPath: new Map(), error: null });
  const key = paths.join('\u0000');
  // biome-ignore lint/correctness/useExhaustiveDependencies: stateKey is not read, a change of it is what asks for the locations again
  useEffect(() => {
    let current = true;
    load(key.split('\u0000')).then(
      (statuses) => {
        if (current) setLocations({ byPath: new Map(statuses.map((s) => [s.path, s])), error: null });
      },
      (error: unknown) => {
        if (current) setLocations((l) => ({ ...l, error: errorText(error) }));
      },
    );
    return () => {
      current = false;
    };
  }, [key, stateKey, load]);
  return locations;
}
