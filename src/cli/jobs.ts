// `--jobs N`: the file list is cut into contiguous chunks that worker threads check, pulling the
// next chunk when done. Results are put back in chunk order, so the output is the same, byte for
// byte, as with one job. The worker runs the CLI's own module (`entry`), which serves chunks when
// it finds itself loaded as a worker (see `serveJobs`).
import * as l10n from '@vscode/l10n';
import { Worker, isMainThread, parentPort, workerData } from 'worker_threads';

export interface ChunkResult<F> {
  findings: F[];
  checked: number;
  notes: string[];
}

const MARK = 'datum-studio-jobs';

interface Setup<S> {
  [MARK]: true;
  spec: S;
}

type ToWorker<C> = { chunk: number; items: C[] } | { done: true };
type FromWorker<F> = { chunk: number; result: ChunkResult<F> } | { chunk: number; error: string };

/**
 * Chunks each thread has in flight at once: a chunk waiting on the disk (a stat, an image header)
 * leaves the thread free for another, which is where most of a small file's time goes.
 */
export const IN_FLIGHT = 4;

/** Chunks small enough to spread the work evenly, large enough that messages cost little. */
export function chunkSize(items: number, jobs: number): number {
  return Math.max(1, Math.min(256, Math.ceil(items / (jobs * 16))));
}

export function splitIntoChunks<C>(items: readonly C[], size: number): C[][] {
  const chunks: C[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export function mergeResults<F>(results: readonly ChunkResult<F>[]): ChunkResult<F> {
  const merged: ChunkResult<F> = { findings: [], checked: 0, notes: [] };
  for (const r of results) {
    for (const f of r.findings) merged.findings.push(f);
    for (const n of r.notes) merged.notes.push(n);
    merged.checked += r.checked;
  }
  return merged;
}

/**
 * Checks `items` in up to `jobs` worker threads running `entry` with `spec` (plain data: it is
 * copied to each worker). Resolves with the results in the order of `items`.
 */
export async function runJobs<C, F, S>(entry: string, spec: S, items: readonly C[], jobs: number): Promise<ChunkResult<F>> {
  const chunks = splitIntoChunks(items, chunkSize(items.length, jobs));
  const results: ChunkResult<F>[] = new Array(chunks.length);
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let pending = chunks.length;
      if (pending === 0) return resolve();
      const inFlight = new Map<Worker, number>();
      const feed = (worker: Worker): void => {
        if (next < chunks.length) {
          const chunk = next++;
          inFlight.set(worker, (inFlight.get(worker) ?? 0) + 1);
          worker.postMessage({ chunk, items: chunks[chunk] } satisfies ToWorker<C>);
        } else if (!inFlight.get(worker)) worker.postMessage({ done: true } satisfies ToWorker<C>);
      };
      const count = Math.max(1, Math.min(jobs, chunks.length));
      for (let i = 0; i < count; i++) {
        const worker = new Worker(entry, { workerData: { [MARK]: true, spec } satisfies Setup<S> });
        workers.push(worker);
        worker.on('message', (message: FromWorker<F>) => {
          inFlight.set(worker, inFlight.get(worker)! - 1);
          if ('error' in message) return reject(new Error(message.error));
          results[message.chunk] = message.result;
          if (--pending === 0) resolve();
          else feed(worker);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (inFlight.get(worker)) reject(new Error(l10n.t('A worker thread stopped (exit code {0}) before its files were checked.', code)));
        });
        for (let k = 0; k < IN_FLIGHT; k++) feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return mergeResults(results);
}

/** Checks `items` in this thread, IN_FLIGHT chunks at a time; results in the order of `items`. */
export async function runHere<C, F>(items: readonly C[], check: (items: C[]) => Promise<ChunkResult<F>>): Promise<ChunkResult<F>> {
  const chunks = splitIntoChunks(items, chunkSize(items.length, 1));
  const results: ChunkResult<F>[] = new Array(chunks.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < chunks.length) {
      const chunk = next++;
      results[chunk] = await check(chunks[chunk]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, chunks.length) }, lane));
  return mergeResults(results);
}

/** True in a thread started by `runJobs`. */
export function isJobWorker(): boolean {
  return !isMainThread && parentPort !== null && typeof workerData === 'object' && workerData !== null && (workerData as Partial<Setup<unknown>>)[MARK] === true;
}

/** In a worker: builds the checker once from the spec, then checks each chunk it is sent. */
export function serveJobs<C, F, S>(setup: (spec: S) => (items: C[]) => Promise<ChunkResult<F>>): void {
  const port = parentPort;
  if (!port) return;
  const check = setup((workerData as Setup<S>).spec);
  port.on('message', (message: ToWorker<C>) => {
    if ('done' in message) {
      port.close();
      return;
    }
    check(message.items).then(
      (result) => port.postMessage({ chunk: message.chunk, result } satisfies FromWorker<F>),
      (error: unknown) => port.postMessage({ chunk: message.chunk, error: error instanceof Error ? error.message : String(error) } satisfies FromWorker<F>),
    );
  });
}
