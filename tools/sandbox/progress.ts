import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Progress } from './run';
import type { SandboxResult } from './result';

function describe(p: Progress): string {
  const queue = Object.entries(p.queue)
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const where =
    p.phase === 'scenario'
      ? `${p.scenario ?? ''} step ${p.step}/${p.steps}`
      : p.phase === 'settle'
        ? 'payouts arriving, retries'
        : p.phase;
  return `${p.clock.slice(0, 16).replace('T', ' ')}  ${where} · webhooks delivered ${p.delivered} · queue runs ${p.queueRuns} · events: ${queue || 'none'}`;
}

/**
 * Progress lines on stderr: rewritten in place on a terminal, one line per change of day (or phase)
 * otherwise, so logs stay short.
 */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: Progress) => void {
  let lastKey = '';
  return (p) => {
    const line = describe(p);
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${line.slice(0, (stream.columns || 120) - 1)}`);
      if (p.phase === 'done') stream.write('\n');
      return;
    }
    const key = `${p.phase}|${p.scenario ?? ''}|${p.clock.slice(0, 10)}`;
    if (key === lastKey && p.phase !== 'done') return;
    lastKey = key;
    stream.write(`${line}\n`);
  };
}

export function writeResult(file: string, result: SandboxResult): string {
  const absolute = path.resolve(file);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  fs.writeFileSync(absolute, `${JSON.stringify(result, null, 2)}\n`);
  return absolute;
}
