// Runs full passes in worker threads (fullPassWorker.ts), one per document key at a time: a new
// pass for a key, or cancel(key) (the next edit), stops the pass in flight by terminating its
// thread, and the promise of a stopped pass resolves with undefined, so its results can never be
// published. A finished thread is kept for the next pass (the schemas are compiled once per thread).
// No vscode here (unit-tested under plain Node).
import * as l10n from '@vscode/l10n';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { FormatId } from '../formats/formats';
import type { FullPassRequest, FullPassResponse, FullPassResult, FullPassSetup } from './fullPassProtocol';

export type { FullPassResult } from './fullPassProtocol';

interface Job {
  id: number;
  worker: Worker;
  resolve(result: FullPassResult | undefined): void;
  reject(error: Error): void;
}

export interface FullPassOptions {
  /** the worker's script; default: fullPassWorker.js beside this module (dist/ in the bundle) */
  script?: string;
  schemaDir?: string;
  /** the translations for the messages (read at each pass; sent when they changed) */
  bundle?: () => { [key: string]: string } | undefined;
  /** idle threads kept for later passes */
  keepIdle?: number;
}

export class FullPassClient {
  private readonly jobs = new Map<string, Job>();
  private readonly idle: Worker[] = [];
  private readonly sentBundle = new WeakMap<Worker, object | undefined>();
  private nextId = 1;
  private disposed = false;
  /** threads started so far (for tests: a cancelled pass's thread is not reused) */
  started = 0;

  constructor(private readonly options: FullPassOptions = {}) {}

  /** The full pass of `text` as `requested`; undefined when a later pass or cancel(key) superseded it. */
  run(key: string, text: string, requested: FormatId | 'auto'): Promise<FullPassResult | undefined> {
    this.cancel(key);
    if (this.disposed) return Promise.resolve(undefined);
    const worker = this.idle.pop() ?? this.start();
    const id = this.nextId++;
    return new Promise<FullPassResult | undefined>((resolve, reject) => {
      this.jobs.set(key, { id, worker, resolve, reject });
      // A pass in flight keeps the process alive (the CLI, a test); an idle thread does not.
      worker.ref();
      const bundle = this.options.bundle?.();
      const request: FullPassRequest = { id, text, requested };
      if (bundle && this.sentBundle.get(worker) !== bundle) {
        request.bundle = bundle;
        this.sentBundle.set(worker, bundle);
      }
      worker.postMessage(request);
    });
  }

  /** Whether a pass for `key` is in flight. */
  running(key: string): boolean {
    return this.jobs.has(key);
  }

  /** Stops the pass in flight for `key`, if any; its promise resolves with undefined. */
  cancel(key: string): void {
    const job = this.jobs.get(key);
    if (!job) return;
    this.jobs.delete(key);
    job.worker.removeAllListeners();
    void job.worker.terminate();
    job.resolve(undefined);
  }

  private start(): Worker {
    const script = this.options.script ?? path.join(__dirname, 'fullPassWorker.js');
    const setup: FullPassSetup = { schemaDir: this.options.schemaDir, bundle: this.options.bundle?.() };
    const worker = new Worker(script, { workerData: setup });
    this.sentBundle.set(worker, setup.bundle);
    this.started++;
    worker.unref();
    const jobOf = (): [string, Job] | undefined => [...this.jobs].find(([, j]) => j.worker === worker);
    worker.on('message', (response: FullPassResponse) => {
      const found = jobOf();
      if (!found || found[1].id !== response.id) return;
      const [key, job] = found;
      this.jobs.delete(key);
      worker.unref();
      if (this.disposed || this.idle.length >= (this.options.keepIdle ?? 1)) void worker.terminate();
      else this.idle.push(worker);
      if ('error' in response) job.reject(new Error(l10n.t('The full check failed in its worker thread: {0}', response.error)));
      else job.resolve(response);
    });
    const failed = (error: Error): void => {
      const found = jobOf();
      const at = this.idle.indexOf(worker);
      if (at !== -1) this.idle.splice(at, 1);
      if (!found) return;
      this.jobs.delete(found[0]);
      found[1].reject(error);
    };
    worker.on('error', failed);
    worker.on('exit', (code) => failed(new Error(l10n.t('The worker thread of the full check stopped (exit code {0}).', code))));
    return worker;
  }

  dispose(): void {
    this.disposed = true;
    for (const key of [...this.jobs.keys()]) this.cancel(key);
    for (const worker of this.idle.splice(0)) void worker.terminate();
  }
}
