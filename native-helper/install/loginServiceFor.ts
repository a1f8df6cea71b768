import path from 'node:path';
import { isSea } from 'node:sea';
import { resolveHome } from '../config/home';
import { UserError } from '../errors';
import { currentServiceContext, loginServicePlan, type LoginServicePlan } from '../service/loginService';

/** The login service that starts this Threefold's helper on `port`, for this user and home. */
export function loginServiceFor(homeOption: string | undefined, port: number): LoginServicePlan {
  // The single executable is Node and the script in one file: the service runs it alone.
  const script = isSea() ? undefined : process.argv[1];
  if (!isSea() && !script) throw new UserError('cannot tell which script is running: start threefold as `node path/to/threefold.js`');
  const home = resolveHome(homeOption);
  // The service manager does not see this shell's THREEFOLD_HOME: a chosen home is passed explicitly.
  const chosen = homeOption ?? process.env.THREEFOLD_HOME;
  const launch = {
    nodePath: process.execPath,
    ...(script === undefined ? {} : { scriptPath: path.resolve(script) }),
    args: ['helper', '--port', String(port)],
    logDir: path.join(home, 'logs'),
    ...(chosen ? { home } : {}),
  };
  return loginServicePlan(process.platform, launch, currentServiceContext(home));
}
