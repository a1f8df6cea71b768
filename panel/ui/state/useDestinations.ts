import { useCallback, useEffect, useState } from 'react';
import type { DestinationInfo } from '../../../src/protocol/messages';
import type { HelperConnection } from '../../connection/helperConnection';
import { addDestinationParams, type DestinationForm } from '../../model/destinationForm';
import type { DestinationTestState } from '../views/DestinationsView';
import { errorText } from './errorText';

export interface DestinationsState {
  destinations: readonly DestinationInfo[] | null;
  verdicts: Readonly<Record<string, DestinationTestState>>;
  error: string | null;
  adding: boolean;
  add(form: DestinationForm): Promise<boolean>;
  test(name: string): void;
  remove(name: string): void;
  /** Lists them again: whether each is connected, its free space and last copy change without the panel. */
  reload(): void;
}

/** The helper's destinations: listed once paired, changed through its requests. */
export function useDestinations(connection: HelperConnection, paired: boolean): DestinationsState {
  const [destinations, setDestinations] = useState<readonly DestinationInfo[] | null>(null);
  const [verdicts, setVerdicts] = useState<Readonly<Record<string, DestinationTestState>>>({});
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  const refresh = useCallback(async () => {
    const { destinations: list } = await connection.request('destinations.list', {});
    setDestinations(list);
  }, [connection]);

  useEffect(() => {
    if (paired) refresh().catch((e: unknown) => setError(errorText(e)));
  }, [paired, refresh]);

  const add = useCallback(
    async (form: DestinationForm): Promise<boolean> => {
      const made = addDestinationParams(form);
      if ('error' in made) {
        setError(made.error);
        return false;
      }
      setAdding(true);
      setError(null);
      try {
        await connection.request('destinations.add', made.params);
        await refresh();
        return true;
      } catch (e) {
        setError(errorText(e));
        return false;
      } finally {
        setAdding(false);
      }
    },
    [connection, refresh],
  );

  const test = useCallback(
    (name: string) => {
      const verdict = (v: DestinationTestState) => setVerdicts((all) => ({ ...all, [name]: v }));
      verdict({ state: 'testing' });
      connection.request('destinations.test', { name }).then(
        (r) => verdict(r.ok ? { state: 'ok' } : { state: 'failed', error: r.error ?? 'the test failed' }),
        (e: unknown) => verdict({ state: 'failed', error: errorText(e) }),
      );
    },
    [connection],
  );

  const remove = useCallback(
    (name: string) => {
      setError(null);
      connection
        .request('destinations.remove', { name })
        .then(() => refresh())
        .catch((e: unknown) => setError(errorText(e)));
    },
    [connection, refresh],
  );

  const reload = useCallback(() => {
    refresh().catch((e: unknown) => setError(errorText(e)));
  }, [refresh]);

  return { destinations, verdicts, error, adding, add, test, remove, reload };
}
