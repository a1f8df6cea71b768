import type { Command } from 'commander';
import type { PlanInfo } from '../../../src/protocol/plans';
import { resolveHome } from '../../config/home';
import { addPlan, changePlan, describePlans } from '../../engine/managePlans';
import { openWorkspace } from '../../engine/workspace';
import { displayPath } from '../render/displayPath';
import { collectNames, type GlobalOptions } from './options';

interface AddOptions {
  name?: string;
  onChange?: boolean;
  every?: string;
  cron?: string;
  to?: string[];
}

export function registerPlan(program: Command, globals: () => GlobalOptions): void {
  const plan = program.command('plan').description('plans: what the helper protects by itself (on save, on a schedule, when a destination is plugged in)');

  plan
    .command('add')
    .description('protect a project, catalog or folder automatically (on change unless --every or --cron is given); the helper runs it')
    .argument('<target>', 'a Premiere project (.prproj), a Lightroom catalog (.lrcat) or a folder')
    .option('--on-change', 'when the target is saved (a folder: when new files in it stop growing)')
    .option('--every <duration>', 'at this interval: 30m, 2h, 1d')
    .option('--cron <expression>', 'on this cron schedule, in local time: "0 20 * * *" is 20:00 every day')
    .option('--to <names>', 'only these destinations (comma-separated; default: all)', collectNames)
    .option('--name <name>', "what lists call it (default: the target's file name)")
    .action(async (target: string, options: AddOptions) => {
      const added = await addPlan(resolveHome(globals().home), {
        target,
        ...(options.name !== undefined ? { name: options.name } : {}),
        ...(options.onChange ? { onChange: true } : {}),
        ...(options.every !== undefined ? { every: options.every } : {}),
        ...(options.cron !== undefined ? { cron: options.cron } : {}),
        ...(options.to !== undefined ? { to: options.to } : {}),
      });
      process.stdout.write(
        `Added plan "${added.name}" (${added.id}): ${displayPath(added.target)}, ${triggerText(added)}, to ${destinationsText(added.to)}.\n`,
      );
      process.stdout.write('The helper runs it (threefold helper, or threefold helper install to start it at login).\n');
    });

  plan
    .command('list')
    .description('every plan: its triggers, next and last run, and result')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const ws = await openWorkspace(globals().home);
      try {
        const plans = await describePlans(ws.config, ws.catalog);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(plans, null, 2)}\n`);
          return;
        }
        if (plans.length === 0) {
          process.stdout.write('No plans yet. Add one: threefold plan add "Ferry Doc.prproj" --on-change\n');
          return;
        }
        for (const p of plans) process.stdout.write(`${planLines(p).join('\n')}\n`);
      } finally {
        ws.catalog.close();
      }
    });

  for (const change of ['pause', 'resume', 'remove'] as const) {
    plan
      .command(change)
      .description(
        { pause: 'stop a plan from starting jobs until resumed', resume: 'let a paused plan run again', remove: 'delete a plan (its copies stay)' }[change],
      )
      .argument('<plan>', 'its name or id (plan list)')
      .action(async (nameOrId: string) => {
        const changed = await changePlan(resolveHome(globals().home), nameOrId, change);
        const done = { pause: 'Paused', resume: 'Resumed', remove: 'Removed' }[change];
        process.stdout.write(`${done} plan "${changed.name}" (${changed.id}).\n`);
      });
  }
}

function triggerText(p: { onChange: boolean; every?: string | undefined; cron?: string | undefined }): string {
  const parts = [...(p.onChange ? ['on change'] : []), ...(p.every ? [`every ${p.every}`] : []), ...(p.cron ? [`cron "${p.cron}"`] : [])];
  return parts.join(' and ') || 'when a destination appears';
}

function destinationsText(to: readonly string[]): string {
  return to.length === 0 ? 'all destinations' : to.join(', ');
}

function planLines(p: PlanInfo): string[] {
  const last = p.last ? `${p.last.state} (${p.last.trigger}, ${p.last.finishedAt ?? p.last.startedAt})` : 'never run';
  const next = p.paused ? 'paused' : [p.next, p.onChange ? 'on change' : null].filter(Boolean).join(' or ') || 'when a destination appears';
  return [
    `${p.name} (${p.id})  ${displayPath(p.target)}`,
    `  ${triggerText(p)}, to ${destinationsText(p.to)}`,
    `  last: ${last}; next: ${next}`,
    ...(p.overdueSince ? [`  OVERDUE since ${p.overdueSince}: no success since ${p.lastSuccessAt ?? 'it was added'}`] : []),
    ...(p.problem ? [`  problem: ${p.problem}`] : []),
  ];
}
