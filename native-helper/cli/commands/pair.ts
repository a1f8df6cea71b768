import type { Command } from 'commander';
import { Catalog } from '../../catalog/catalog';
import { catalogPath } from '../../config/config';
import { resolveHome } from '../../config/home';
import { newPairingCode, PAIRING_CODE_MINUTES } from '../../service/pairing';
import type { GlobalOptions } from './options';

export function registerPair(program: Command, globals: () => GlobalOptions): void {
  program
    .command('pair')
    .description(`print a one-time code (valid ${PAIRING_CODE_MINUTES} minutes) that pairs a Threefold panel with the helper`)
    .option('--revoke-all', 'unpair every panel and client: each must pair again')
    .action((options: { revokeAll?: boolean }) => {
      const catalog = Catalog.open(catalogPath(resolveHome(globals().home)));
      try {
        if (options.revokeAll) {
          const revoked = catalog.pairing.revokeAll();
          process.stdout.write(
            `Revoked ${revoked} pairing${revoked === 1 ? '' : 's'}: every panel must pair again (open connections stop at their next request).\n`,
          );
          return;
        }
        const { code } = newPairingCode(catalog);
        process.stdout.write(`Pairing code: ${code}\nEnter it in the Threefold panel within ${PAIRING_CODE_MINUTES} minutes. It works once.\n`);
      } finally {
        catalog.close();
      }
    });
}
