import { useCallback, useEffect, useState } from 'react';
import type { PlanInfo } from '../../../src/protocol/plans';
import type { HelperConnection } from '../../connection/helperConnection';
import { type AutoProtectAction, type AutoProtectView, autoProtectView, removeActions, switchActions } from '../../model/autoProtect';
import { errorText } from './errorText';

/** How often the plans are asked again besides after each job (a plan changed in a terminal shows within this). */
const REFRESH_MS = 30_000;

export interface AutoProtectControls {
  /** null while the plans are not known, or when the project has no file yet (never saved). */
  view: AutoProtectView | null;
  /** The project has a file a plan can watch. */
  saved: boolean;
  busy: boolean;
  error: string | null;
  setOn(on: boolean): void;
  remove(): void;
}

/** The Auto-protect switch: the plans of the open project's file, kept current, and what the switch changes. */
export function useAutoProtect(connection: HelperConnection, paired: boolean, projectPath: string | null, now: Date): AutoProtectControls {
  const [plans, setPlans] = useState<PlanInfo[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [asked, setAsked] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `asked` asks again
  useEffect(() => {
    if (!paired || projectPath === null) return;
    let live = true;
    connection.request('plans', {}).then(
      (answer) => live && setPlans(answer.plans),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [connection, paired, projectPath, asked]);

  // A job started or ended (a plan's run among them): its last and next runs changed.
  useEffect(
    () =>
      connection.onEvent((event) => {
        if (event.type === 'job.state' || event.type === 'job.finished') setAsked((n) => n + 1);
      }),
    [connection],
  );
  useEffect(() => {
    const timer = setInterval(() => setAsked((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const run = useCallback(
    (actions: AutoProtectAction[]) => {
      setBusy(true);
      setError(null);
      const send = (a: AutoProtectAction) =>
        a.kind === 'add' ? connection.request('plans.add', { target: a.target }) : connection.request('plans.change', { plan: a.plan, change: a.kind });
      actions
        .reduce<Promise<unknown>>((done, a) => done.then(() => send(a)), Promise.resolve())
        .catch((e: unknown) => setError(errorText(e)))
        .finally(() => {
          setBusy(false);
          setAsked((n) => n + 1);
        });
    },
    [connection],
  );

  const setOn = useCallback((on: boolean) => plans !== null && projectPath !== null && run(switchActions(plans, projectPath, on)), [plans, projectPath, run]);
  const remove = useCallback(() => plans !== null && projectPath !== null && run(removeActions(plans, projectPath)), [plans, projectPath, run]);
  const view = plans === null || projectPath === null ? null : autoProtectView(plans, projectPath, now);
  return { view, saved: projectPath !== null, busy, error, setOn, remove };
}
