// The emulator's data: a JSON file (so `npm start` survives a restart) plus the files' bytes in a
// `blobs/` folder beside it. The seed is a small but realistic project: real images with
// annotation-shaped properties, enough datums to page, datasets with versions, an S3 store.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Properties } from '../remote/types';

export const SAMPLE_TOKEN = 'emulator-sample-token';
export const SAMPLE_USER = { id: 1, username: 'newcomer' };

export interface DatumRecord {
  id: string;
  project: string;
  /** the path relative to the execution's outputs root: `2024-11-25/report_0.txt` */
  name: string;
  /** the execution that output it; null for uploads and adopted files */
  execution?: { id: string; counter: number } | null;
  size: number;
  ctime: string;
  uri: string;
  sha256: string;
  md5: string;
  blob: string;
  metadata: Properties;
}

export interface DatasetRecord {
  id: string;
  project: string;
  name: string;
  ctime: string;
  metadata: Properties;
}

export interface VersionRecord {
  id: string;
  dataset: string;
  name: string;
  ctime: string;
  datums: string[];
  metadata: Properties;
}

export interface StoreRecord {
  id: string;
  name: string;
  type: string;
  bucket: string;
  /** keys that exist in the bucket (adoptable or already adopted) */
  objects: string[];
}

export interface EmulatorState {
  seq: number;
  tokens: Record<string, { id: number; username: string }>;
  projects: { id: string; name: string; description: string; ctime: string }[];
  datums: DatumRecord[];
  datasets: DatasetRecord[];
  versions: VersionRecord[];
  stores: StoreRecord[];
  aliases: { id: string; name: string; project: string; datum: string; ctime: string }[];
  executions?: { id: string; project: string; counter: number }[];
}

const ID_EPOCH = Date.parse('2026-01-01T00:00:00Z');

/**
 * A new id, a time-ordered UUID (version 7) as the real API hands out: valohai-cli refuses a
 * project id that is not a UUID. Deterministic (from the sequence number), so a reset gives the same
 * ids; `kind` only varies the random-looking part.
 */
export function newId(state: EmulatorState, kind: string): string {
  state.seq += 1;
  const time = (ID_EPOCH + state.seq).toString(16).padStart(12, '0');
  const rest = createHash('sha256').update(`${kind}:${state.seq}`).digest('hex');
  const variant = ((parseInt(rest[3], 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rest.slice(0, 3)}-${variant}${rest.slice(4, 7)}-${rest.slice(7, 19)}`;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function hashes(bytes: Buffer): { sha256: string; md5: string } {
  return { sha256: createHash('sha256').update(bytes).digest('hex'), md5: createHash('md5').update(bytes).digest('hex') };
}

/** Writes `bytes` as a blob and returns the datum fields that describe it. */
export function storeBlob(blobsDir: string, id: string, bytes: Buffer): { blob: string; size: number; sha256: string; md5: string } {
  fs.mkdirSync(blobsDir, { recursive: true });
  fs.writeFileSync(path.join(blobsDir, id), bytes);
  return { blob: id, size: bytes.length, ...hashes(bytes) };
}

/** A fresh seeded state. `imagesDir` holds street.jpg and parking.png (the repo's samples/images). */
export function seedState(blobsDir: string, imagesDir: string): EmulatorState {
  const state: EmulatorState = { seq: 0, tokens: { [SAMPLE_TOKEN]: SAMPLE_USER }, projects: [], datums: [], datasets: [], versions: [], stores: [], aliases: [], executions: [] };
  const base = Date.parse('2026-01-01T00:00:00Z');
  let tick = 0;
  const time = (): string => new Date(base + tick++ * 60_000).toISOString();
  const demo = { id: newId(state, 'project'), name: 'demo-project', description: 'Sample project of the local emulator', ctime: time() };
  const other = { id: newId(state, 'project'), name: 'empty-project', description: 'A project with nothing in it yet', ctime: time() };
  state.projects.push(demo, other);

  const street = fs.readFileSync(path.join(imagesDir, 'street.jpg'));
  const parking = fs.readFileSync(path.join(imagesDir, 'parking.png'));
  const addDatum = (name: string, bytes: Buffer, metadata: Properties, execution: DatumRecord['execution'] = null): DatumRecord => {
    const id = newId(state, 'datum');
    const record: DatumRecord = { id, project: demo.id, name, execution, ctime: time(), uri: `s3://demo-bucket/data/${id}/${name}`, metadata, ...storeBlob(blobsDir, id, bytes) };
    state.datums.push(record);
    return record;
  };
  // Two executions' outputs, named by their path under /valohai/outputs as the platform names them.
  // The same report name twice (different bytes): only the local file's sha256 tells them apart.
  const run = (counter: number): { id: string; counter: number } => {
    const execution = { id: newId(state, 'execution'), project: demo.id, counter };
    state.executions!.push(execution);
    return { id: execution.id, counter };
  };
  const first = run(1);
  addDatum('resized/images.zip', Buffer.from('PK\u0005\u0006' + '\u0000'.repeat(18)), {}, first);
  addDatum('2024-11-25/report_0.txt', Buffer.from('report 0 of execution #1\n'), { 'valohai.tags': ['reports'] }, first);
  addDatum('2024-11-25/report_1.txt', Buffer.from('report 1 of execution #1\n'), { 'valohai.tags': ['reports'] }, first);
  addDatum('labels.json', Buffer.from('{"labels": ["car", "person", "sign"]}\n'), {}, first);
  const second = run(2);
  addDatum('2024-11-25/report_0.txt', Buffer.from('report 0 of execution #2\n'), { 'valohai.tags': ['reports'] }, second);
  // Older datums first (ctime grows), so "newest first" puts the named ones on top.
  const frames: DatumRecord[] = [];
  for (let i = 1; i <= 120; i++) {
    const name = `frame-${String(i).padStart(4, '0')}.jpg`;
    frames.push(addDatum(name, street, { 'valohai.tags': i % 2 ? ['frames', 'odd'] : ['frames', 'even'], camera: `cam-${(i % 3) + 1}` }));
  }
  const csv = addDatum('results.csv', Buffer.from('epoch,loss,accuracy\n1,0.91,0.62\n2,0.55,0.78\n3,0.41,0.84\n'), { 'valohai.tags': ['metrics'], split: 'validation' });
  const model = addDatum('model.h5', Buffer.from('not really a model, but bytes to download\n'), { 'valohai.tags': ['model'], framework: 'keras', accuracy: 0.84 });
  const parkingDatum = addDatum('parking.png', parking, {
    'valohai.tags': ['images', 'annotated'],
    annotations: [
      { type: 'rectangle', bbox: [130, 120, 140, 210], label: 'car', confidence: 0.93 },
      { type: 'polygon', polygon: [[330, 80], [470, 80], [470, 200], [400, 240], [330, 200]], label: 'sign' },
    ],
  });
  const streetDatum = addDatum('street.jpg', street, {
    'valohai.tags': ['images', 'annotated'],
    annotations: [
      { type: 'rectangle', bbox: [118, 276, 35, 126], label: 'person', confidence: 0.88 },
      { type: 'rectangle', bbox: [380, 320, 180, 120], label: 'car', confidence: 0.94 },
      { type: 'line', line: [[320, 470], [320, 260]], label: 'lane' },
    ],
  });

  const images = { id: newId(state, 'dataset'), project: demo.id, name: 'street-images', ctime: time(), metadata: { owner: 'vision-team' } };
  const tabular = { id: newId(state, 'dataset'), project: demo.id, name: 'metrics', ctime: time(), metadata: {} };
  state.datasets.push(images, tabular);
  state.versions.push(
    { id: newId(state, 'dsv'), dataset: images.id, name: 'v1', ctime: time(), datums: frames.slice(0, 10).map((d) => d.id), metadata: { note: 'first cut' } },
    { id: newId(state, 'dsv'), dataset: images.id, name: 'v2', ctime: time(), datums: [...frames.slice(0, 20).map((d) => d.id), streetDatum.id, parkingDatum.id], metadata: {} },
    { id: newId(state, 'dsv'), dataset: tabular.id, name: 'latest', ctime: time(), datums: [csv.id], metadata: {} },
  );
  state.aliases.push({ id: newId(state, 'alias'), name: 'production-model', project: demo.id, datum: model.id, ctime: time() });
  state.stores.push(
    { id: newId(state, 'store'), name: 'demo-bucket', type: 's3', bucket: 'demo-bucket', objects: ['incoming/a.jpg', 'incoming/b.jpg', 'incoming/c.jpg', 'incoming/d.jpg', ...state.datums.map((d) => d.uri.replace('s3://demo-bucket/', ''))] },
    { id: newId(state, 'store'), name: 'archive (GCS)', type: 'google', bucket: 'archive', objects: [] },
  );
  return state;
}

/** The saved state; undefined when there is none, or it is from an older emulator (ids not UUIDs). */
export function loadState(file: string): EmulatorState | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(file, 'utf8')) as EmulatorState;
    return state.projects.every((p) => UUID.test(p.id)) && state.datums.every((d) => UUID.test(d.id)) ? state : undefined;
  } catch {
    return undefined;
  }
}

export function saveState(file: string, state: EmulatorState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 1));
  fs.renameSync(tmp, file);
}
