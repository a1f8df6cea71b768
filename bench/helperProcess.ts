import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';

/** bin/threefold.js from build/bench/ (this file's compiled place). */
export const THREEFOLD_BIN = path.resolve(__dirname, '../../bin/threefold.js');

/** What /proc says of a process's memory and CPU at one moment (Linux). */
export interface ProcSample {
  rssBytes: number;
  /** The peak resident set since the process started or since the last resetPeak. */
  hwmBytes: number;
  cpuSeconds: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux Node supports

export function readProc(pid: number): ProcSample | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    // Fields 14 and 15 of /proc/PID/stat (after the command name in parentheses): user and system ticks.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rssBytes: kb('VmRSS'), hwmBytes: kb('VmHWM'), cpuSeconds: ticks / TICKS_PER_SECOND };
  } catch {
    return null; // gone
  }
}

/** Resets VmHWM to the current RSS (`echo 5 > /proc/PID/clear_refs`, Linux ≥ 4.0); false where refused. */
export function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** One phase of a helper's life: its peak RSS (VmHWM), the largest VmRSS sample and its CPU time. */
export interface PhaseUsage {
  peakRssBytes: number;
  maxSampledRssBytes: number;
  samples: number;
  cpuSeconds: number;
  /** False when VmHWM could not be reset at the phase's start: the peak is since the process started. */
  peakIsPhaseOnly: boolean;
}

/**
 * `threefold --home H helper --port 0` as a child process, the way a user (or the login service) starts
 * it; its RSS is sampled every `sampleMs` while it runs.
 */
export class HelperProcess {
  private samples: ProcSample[] = [];
  private readonly timer: NodeJS.Timeout;
  private stderrTail = '';
  private phaseStart: ProcSample | null = null;
  private phaseReset = false;
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    sampleMs: number,
  ) {
    this.timer = setInterval(() => {
      const s = readProc(this.pid);
      if (s) this.samples.push(s);
    }, sampleMs);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(home: string, options: { cpuProfDir?: string; sampleMs?: number } = {}): Promise<HelperProcess> {
    const nodeFlags = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
    const child = spawn(process.execPath, [...nodeFlags, THREEFOLD_BIN, '--home', home, 'helper', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-8192);
    });
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const m = /Threefold helper on 127\.0\.0\.1:(\d+)/.exec(stdout);
        if (m) resolve(Number(m[1]));
      });
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the helper exited (${code}) before listening:\n${stderr}`)));
    });
    const helper = new HelperProcess(child, port, options.sampleMs ?? 100);
    child.stderr!.on('data', (chunk: Buffer) => {
      helper.stderrTail = (helper.stderrTail + chunk.toString('utf8')).slice(-8192);
    });
    return helper;
  }

  /** Starts a phase: VmHWM is reset to the current RSS so the phase's peak is its own. */
  beginPhase(): void {
    this.phaseReset = resetPeak(this.pid);
    this.samples = [];
    this.phaseStart = readProc(this.pid);
  }

  /** The phase's usage, read now (VmHWM is the exact peak since beginPhase). */
  endPhase(): PhaseUsage {
    const now = readProc(this.pid);
    if (!now || !this.phaseStart) throw new Error(`the helper (pid ${this.pid}) is gone:\n${this.stderrTail}`);
    const sampled = this.samples.reduce((max, s) => Math.max(max, s.rssBytes), now.rssBytes);
    return {
      peakRssBytes: now.hwmBytes,
      maxSampledRssBytes: sampled,
      samples: this.samples.length + 1,
      cpuSeconds: now.cpuSeconds - this.phaseStart.cpuSeconds,
      peakIsPhaseOnly: this.phaseReset,
    };
  }

  get log(): string {
    return this.stderrTail;
  }

  /** SIGINT, as Ctrl-C: the helper closes its connections and catalog and exits (and writes its CPU profile). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGINT');
    const timeout = setTimeout(() => this.child.kill('SIGKILL'), 60_000);
    await this.exited;
    clearTimeout(timeout);
  }
}
