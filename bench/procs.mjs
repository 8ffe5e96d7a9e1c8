// Process plumbing for the bench: pinned children, a JSON "ready" line on stdout, /proc readers.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export const CORES = (() => {
  try {
    return Number(execFileSync('nproc').toString().trim()) || 1;
  } catch {
    return 1;
  }
})();
const HAS_TASKSET = (() => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
/** Core the gateway (or baseline a) runs on, and the one everything else shares. */
export const GATEWAY_CORE = 0;
export const LOAD_CORE = CORES > 1 ? 1 : 0;
export const PINNING = HAS_TASKSET && CORES > 1;

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Pins a running process (and its threads) to one core; no-op without taskset or with one core. */
export function pin(pid, core) {
  if (!PINNING) return;
  execFileSync('taskset', ['-a', '-c', '-p', String(core), String(pid)], { stdio: 'ignore' });
}

/**
 * Spawns `node <args>` pinned to `core` (taskset execs node, so the child pid is node's), and
 * resolves once it prints its first stdout line as JSON (the child's "ready" message).
 */
export function startChild(name, nodeArgs, { core, env = {}, readyTimeoutMs = 30_000, stdout = 'pipe', readyMatch = () => true } = {}) {
  const cmd = PINNING ? 'taskset' : process.execPath;
  const args = PINNING ? ['-c', String(core), process.execPath, ...nodeArgs] : nodeArgs;
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
    if (stderr.length > 20_000) stderr = stderr.slice(-20_000);
  });
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not become ready: ${stderr.slice(-2000)}`)), readyTimeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready: ${stderr.slice(-2000)}`));
    });
    const onLine = (line) => {
      if (!readyMatch(line)) return;
      lines.off('line', onLine);
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line));
      } catch {
        resolve({ line });
      }
    };
    lines.on('line', onLine);
  });
  // Keep draining stdout (the gateway logs there) so the child never blocks on a full pipe.
  lines.on('line', (line) => {
    if (stdout === 'inherit') process.stdout.write(`[${name}] ${line}\n`);
  });
  return {
    name,
    child,
    pid: child.pid,
    ready,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** User + system CPU of a process so far, ms (from /proc/<pid>/stat: fields 14 and 15). */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** Resident set size of a process, MB. */
export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Samples RSS every `everyMs` until stopped; returns {max, last, samples}. */
export function sampleRss(pid, everyMs = 200) {
  const samples = [];
  const take = () => {
    try {
      samples.push({ t: Date.now(), mb: rssMb(pid) });
    } catch {
      /* process gone */
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      const mbs = samples.map((s) => s.mb);
      return { max: Math.max(...mbs), last: mbs[mbs.length - 1], samples };
    },
  };
}

const children = new Set();
// Never leave a pinned child behind when the runner fails.
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until GET url answers 2xx. */
export async function waitHttp(url, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await sleep(100);
  }
}
