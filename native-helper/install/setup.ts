import type { HelperAnswer } from '../../src/doctor/doctorChecks';
import { PROTOCOL_VERSION } from '../../src/protocol/constants';
import { Catalog } from '../catalog/catalog';
import { catalogPath } from '../config/config';
import { UserError } from '../errors';
import { sendDesktop } from '../notify/desktopChannel';
import { installLoginService } from '../service/loginService';
import { newPairingCode, PAIRING_CODE_MINUTES } from '../service/pairing';
import { waitForHelper } from './helperProbe';
import { TOOL_VERSION } from '../version';
import { loginServiceFor } from './loginServiceFor';
import { openSetupLog, setupLogFile } from './setupLog';

/** How long setup waits for the helper it started to answer. */
const SETUP_WAIT_MS = 20_000;

export interface SetupOptions {
  home: string;
  homeOption: string | undefined;
  port: number;
  /** Also shows each line here (the terminal the user opened); the log gets them all the same. */
  terminal?: (line: string) => void;
}

/**
 * `threefold setup`, what a double-click runs: the helper installed as a login service and started (again:
 * running setup twice leaves one service), then a pairing code, shown in a desktop notification and written
 * to `<home>/logs/setup.log`. Returns the exit code: 0 done, 1 this version's helper did not answer (none,
 * or one of another version holds the port), 2 not installed.
 */
export async function runSetup(options: SetupOptions): Promise<number> {
  const log = openSetupLog(options.home);
  const tell = (line: string): void => {
    log(line);
    options.terminal?.(line);
  };
  const plan = loginServiceFor(options.homeOption, options.port);
  try {
    await installLoginService(plan);
  } catch (error) {
    const reason = error instanceof UserError ? error.message : String(error);
    tell(`Threefold setup could not install the helper: ${reason}`);
    await notify(tell, 'Threefold setup failed', [`The helper is not installed. ${setupLogFile(options.home)} says why.`]);
    return 2;
  }
  tell(`The helper starts at every login (${plan.file}).`);

  // The helper just started is this version: another one answering holds the port it needs.
  const ours = (a: HelperAnswer & { kind: 'helper' }): boolean => a.version === TOOL_VERSION && a.protocol === PROTOCOL_VERSION;
  const answer = await waitForHelper(options.port, 'threefold setup', SETUP_WAIT_MS, ours);
  const answers = answer.kind === 'helper' && ours(answer);
  const where = `127.0.0.1:${options.port}`;
  tell(
    answers
      ? `The helper ${TOOL_VERSION} answers on ${where}.`
      : answer.kind === 'helper'
        ? `A helper of another version (${answer.version ?? 'another protocol'}; this Threefold is ${TOOL_VERSION}) still holds ${where}, ` +
          'so the one just installed cannot listen there: stop that helper (started by hand, or by an older installation), then run setup again.'
        : `The helper did not answer on ${where} within ${SETUP_WAIT_MS / 1000} s${answer.kind === 'other' ? ` (${answer.reason})` : ''}: ` +
          `see ${plan.logDir} and run \`threefold doctor\`.`,
  );

  const catalog = Catalog.open(catalogPath(options.home));
  let code: string;
  try {
    ({ code } = newPairingCode(catalog));
  } finally {
    catalog.close();
  }
  tell(
    `Pairing code: ${code}. Enter it in the Threefold panel in Premiere Pro, or in Lightroom Classic's Plug-in Manager, ` +
      `within ${PAIRING_CODE_MINUTES} minutes. It works once; run setup again for another.`,
  );
  await notify(tell, `Threefold pairing code: ${code}`, [
    `Enter it in the Threefold panel (Premiere Pro) or the Lightroom plug-in within ${PAIRING_CODE_MINUTES} minutes.`,
    ...(answers
      ? []
      : [answer.kind === 'helper' ? 'A helper of another version holds its port: see the setup log.' : 'The helper did not answer yet: see the setup log.']),
  ]);
  return answers ? 0 : 1;
}

/** A desktop notification; a machine without a notifier only costs a line in the log. */
async function notify(tell: (line: string) => void, title: string, lines: string[]): Promise<void> {
  try {
    await sendDesktop({ title, lines });
  } catch (error) {
    tell(`(${(error as Error).message}; the log holds everything the notification said)`);
  }
}
