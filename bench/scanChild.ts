import { selectTargets } from '../native-helper/targets/selectTargets';

/** One scan of a project in a process of its own, so its peak RSS is the scan's alone. */
async function main(): Promise<void> {
  const project = process.argv[2]!;
  const selection = await selectTargets([project], []);
  const found = selection.files.length + selection.absent.length;
  if (found < 2) throw new Error(`the scan found ${found} files`);
  process.stderr.write(`peak-rss ${process.resourceUsage().maxRSS * 1024}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
