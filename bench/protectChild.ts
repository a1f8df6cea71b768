import { protect } from '../native-helper/engine/protect';
import { openWorkspace } from '../native-helper/engine/workspace';

/** One protect job in a process of its own (argv: home, target), reporting its peak RSS. */
async function main(): Promise<void> {
  const [home, target] = process.argv.slice(2) as [string, string];
  const ws = await openWorkspace(home);
  try {
    const report = await protect(ws, { targets: [target] });
    if (report.job.failed.length > 0) throw new Error(JSON.stringify(report.job.failed.slice(0, 3)));
  } finally {
    ws.catalog.close();
  }
  process.stderr.write(`peak-rss ${process.resourceUsage().maxRSS * 1024}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
