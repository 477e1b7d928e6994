import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Percentiles of a list of durations (ms), rounded to microseconds. */
export function summarise(samples: number[]): { n: number; medianMs: number; p95Ms: number; p99Ms: number; maxMs: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN).toFixed(3));
  return { n: sorted.length, medianMs: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: at(1) };
}

export function timeMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Writes a benchmark's result as JSON under bench/results/ (latest and timestamped). */
export function saveResult(name: string, result: Record<string, unknown>): string {
  const dir = path.resolve('bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const stamped = { benchmark: name, at: new Date().toISOString(), machine: { cpus: os.availableParallelism(), node: process.version }, ...result };
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(stamped, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, `${name}-${stamped.at.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(stamped, null, 2)}\n`);
  return file;
}
