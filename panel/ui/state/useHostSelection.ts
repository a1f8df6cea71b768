import { useEffect, useState } from 'react';
import type { Host } from '../../host/host';

const NOTHING: readonly string[] = [];

/** The items selected in the host's project panel, as its last selection change said. */
export function useHostSelection(host: Host): readonly string[] {
  const [selection, setSelection] = useState<readonly string[]>(NOTHING);
  useEffect(() => host.onSelectionChanged(setSelection), [host]);
  return selection;
}
