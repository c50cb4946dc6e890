// The emulated API's routes: what each GET and POST of the Valohai API (docs/valohai-api.md)
// answers, read from and written to the emulator's state. Pure of HTTP: server.ts reads requests,
// checks tokens and faults, and sends the Reply.
import * as fs from 'fs';
import * as path from 'path';
import { applyPatch } from '../remote/diff';
import { ADOPT_NOT_FOUND_CODE, EMULATOR_DEFAULT_LIMIT, EMULATOR_MAX_LIMIT } from '../remote/policy';
import type { Properties } from '../remote/types';
import { json, Reply } from './http';
import { newId, storeBlob, type DatumRecord, type EmulatorState } from './state';

export type DownloadMode = 'url' | 'url-same-origin' | 'redirect' | 'bytes';

/** What the routes read of the emulator. */
export interface RouteHost {
  readonly state: EmulatorState;
  readonly blobsDir: string;
  readonly apiUrl: string;
  readonly storageUrl: string;
  readonly downloadMode: DownloadMode;
  readonly includeDatumMetadata: boolean;
  readonly adoptFailureStatus: number;
  datum(id: string): DatumRecord | undefined;
}

export function route(em: RouteHost, method: string, url: URL, body: unknown, user: { id: number; username: string }): Reply {
  const p = url.pathname;
  const q = url.searchParams;
  let m: RegExpExecArray | null;
  if (method === 'GET') {
    if (p === '/api/v0/users/me/') return json(200, { ...user, email: `${user.username}@example.com` });
    if (p === '/api/v0/projects/') return list(url, em.state.projects.map((pr) => project(em, pr.id)));
    if ((m = /^\/api\/v0\/projects\/([^/]+)\/$/.exec(p))) return one(project(em, m[1]));
    if (p === '/api/v0/data/') {
      // `name` is a substring match (as valohai-cli's model list says of its filter) and
      // `output_execution` one execution's outputs; `search` is not a known filter: ignored, as
      // Django REST Framework ignores parameters it does not know.
      const name = q.get('name')?.toLowerCase();
      const tag = q.get('tag');
      const execution = q.get('output_execution');
      const items = em.state.datums
        .filter(
          (d) =>
            (!q.get('project') || d.project === q.get('project')) &&
            (!name || d.name.toLowerCase().includes(name)) &&
            (!tag || tagsOf(d.metadata).includes(tag)) &&
            (!execution || d.execution?.id === execution),
        )
        .sort(order(q.get('ordering') ?? '-ctime'))
        .map((d) => datumJson(em, d));
      return list(url, items);
    }
    // valohai-utils asks for a datum without the trailing slash.
    if ((m = /^\/api\/v0\/data\/([^/]+)\/?$/.exec(p))) return one(em.datum(m[1]) && datumJson(em, em.datum(m[1])!));
    if ((m = /^\/api\/v0\/data\/([^/]+)\/download\/$/.exec(p))) return download(em, m[1]);
    if (p === '/api/v0/datasets/') {
      // No dataset name filter is known: `name` and `search` are ignored.
      const items = em.state.datasets.filter((d) => !q.get('project') || d.project === q.get('project')).sort(order(q.get('ordering') ?? 'name'));
      return list(url, items.map((d) => datasetJson(em, d.id)));
    }
    if ((m = /^\/api\/v0\/datasets\/([^/]+)\/$/.exec(p))) return one(datasetJson(em, m[1]));
    if (p === '/api/v0/dataset-versions/') {
      const items = em.state.versions.filter((v) => !q.get('dataset') || v.dataset === q.get('dataset')).sort(order(q.get('ordering') ?? '-ctime'));
      return list(url, items.map((v) => versionJson(em, v.id)));
    }
    if ((m = /^\/api\/v0\/dataset-versions\/([^/]+)\/$/.exec(p))) return one(versionJson(em, m[1]));
    if (p === '/api/v0/stores/') return list(url, em.state.stores.map(({ id, name, type }) => ({ id, name, type })));
    if (p === '/api/v0/datum-aliases/') {
      // `datum` is an object (or null): `vh alias list` reads alias["datum"]["name"].
      const aliases = em.state.aliases.filter((a) => !q.get('project') || a.project === q.get('project')).sort(order(q.get('ordering') ?? '-ctime'));
      return list(url, aliases.map((a) => ({ id: a.id, name: a.name, ctime: a.ctime, mtime: a.ctime, datum: em.datum(a.datum) ? datumJson(em, em.datum(a.datum)!) : null })));
    }
    if (p === '/api/v0/datum-aliases/resolve/') {
      const alias = em.state.aliases.find((a) => a.name === q.get('name') && (!q.get('project') || a.project === q.get('project')));
      return one(alias && { datum: datumJson(em, em.datum(alias.datum)!) });
    }
  }
  if (method === 'POST') {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return json(400, { non_field_errors: ['Expected a JSON object.'] });
    const b = body as Record<string, unknown>;
    if ((m = /^\/api\/v0\/data\/([^/]+)\/metadata\/$/.exec(p))) {
      const datum = em.datum(m[1]);
      if (!datum) return json(404, { detail: 'Not found.' });
      return json(200, setDatumMetadata(em, datum, b));
    }
    if (p === '/api/v0/data/metadata/apply/') {
      const byDatum = b.datum_metadata;
      if (!byDatum || typeof byDatum !== 'object') return json(400, { datum_metadata: [{ message: 'This field is required.', code: 'required' }] });
      const missing = Object.keys(byDatum).filter((id) => !em.datum(id));
      if (missing.length) return json(400, { datum_metadata: [{ message: `Unknown datum ids: ${missing.join(', ')}`, code: 'invalid' }] });
      for (const [id, props] of Object.entries(byDatum as Record<string, Properties>)) setDatumMetadata(em, em.datum(id)!, props);
      return json(200, { ok: true });
    }
    if (p === '/api/v0/data/metadata/apply-all/') {
      const ids = Array.isArray(b.datum_ids) ? (b.datum_ids as string[]) : [];
      if (!b.metadata || typeof b.metadata !== 'object' || ids.length === 0) return json(400, { message: '`metadata` and `datum_ids` are required.', code: 'invalid' });
      const missing = ids.filter((id) => !em.datum(id));
      if (missing.length) return json(400, { datum_ids: [{ message: `Unknown datum ids: ${missing.join(', ')}`, code: 'invalid' }] });
      for (const id of ids) setDatumMetadata(em, em.datum(id)!, b.metadata as Properties);
      return json(200, { ok: true });
    }
    if ((m = /^\/api\/v0\/datasets\/([^/]+)\/metadata\/$/.exec(p))) {
      const dataset = em.state.datasets.find((d) => d.id === m![1]);
      if (!dataset) return json(404, { detail: 'Not found.' });
      dataset.metadata = applyPatch(dataset.metadata, b);
      return json(200, dataset.metadata);
    }
    if ((m = /^\/api\/v0\/dataset-versions\/([^/]+)\/metadata\/$/.exec(p))) {
      const version = em.state.versions.find((v) => v.id === m![1]);
      if (!version) return json(404, { detail: 'Not found.' });
      version.metadata = applyPatch(version.metadata, b);
      return json(200, version.metadata);
    }
    if ((m = /^\/api\/v0\/stores\/([^/]+)\/adopt\/$/.exec(p))) return adopt(em, m[1], b);
  }
  return json(404, { detail: 'Not found.' });
}

function setDatumMetadata(em: RouteHost, datum: DatumRecord, patch: Properties): Properties {
  datum.metadata = applyPatch(datum.metadata, patch);
  const alias = patch['valohai.alias'];
  if (typeof alias === 'string') {
    const existing = em.state.aliases.find((a) => a.name === alias && a.project === datum.project);
    if (existing) existing.datum = datum.id;
    else em.state.aliases.push({ id: newId(em.state, 'alias'), name: alias, project: datum.project, datum: datum.id, ctime: new Date().toISOString() });
  }
  return datum.metadata;
}

function adopt(em: RouteHost, storeId: string, b: Record<string, unknown>): Reply {
  const store = em.state.stores.find((s) => s.id === storeId);
  if (!store) return json(404, { detail: 'Not found.' });
  const url = b.url;
  const project = em.state.projects.find((pr) => pr.id === b.project);
  if (typeof url !== 'string') return json(400, { url: [{ message: 'This field is required.', code: 'required' }] });
  if (!project) return json(400, { project: [{ message: 'Unknown project.', code: 'invalid' }] });
  if (store.type !== 's3') return json(400, { message: `Adoption is not supported for ${store.type} stores.`, code: 'unsupported_store' });
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!match || match[1] !== store.bucket || !store.objects.includes(match[2])) {
    return json(em.adoptFailureStatus, { message: `Not found in ${store.bucket}: '${url}'`, code: ADOPT_NOT_FOUND_CODE });
  }
  if (em.state.datums.some((d) => d.uri === url)) return json(em.adoptFailureStatus, { message: `${url} already exists in ${store.bucket}`, code: null });
  const id = newId(em.state, 'datum');
  const name = match[2].split('/').pop()!;
  const bytes = Buffer.from(`adopted from ${url}\n`);
  em.state.datums.push({ id, project: project.id, name, execution: null, ctime: new Date().toISOString(), uri: url, metadata: {}, ...storeBlob(em.blobsDir, id, bytes) });
  return json(201, { ok: true, created: { [url]: id } });
}

function download(em: RouteHost, id: string): Reply {
  const datum = em.datum(id);
  if (!datum) return json(404, { detail: 'Not found.' });
  const signed = `${em.storageUrl}blob/${datum.id}?signature=emulated`;
  if (em.downloadMode === 'redirect') return json(302, '', { Location: signed });
  if (em.downloadMode === 'url-same-origin') return json(200, { url: `${em.apiUrl}storage/blob/${datum.id}?signature=emulated` });
  if (em.downloadMode === 'bytes') {
    // The file itself: a JSON datum comes as JSON, marked as the attachment it is.
    const type = datum.name.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    const file = path.posix.basename(datum.name).replace(/["\\]/g, '_');
    return new Reply(200, fs.readFileSync(path.join(em.blobsDir, datum.blob)), { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${file}"` });
  }
  return json(200, { url: signed });
}

function project(em: RouteHost, id: string): unknown {
  const pr = em.state.projects.find((x) => x.id === id);
  return pr && { ...pr, owner: { id: 1, username: 'newcomer' }, mtime: pr.ctime, url: `${em.apiUrl}api/v0/projects/${pr.id}/`, urls: { display: `${em.apiUrl}p/${pr.name}/` } };
}

function datumJson(em: RouteHost, d: DatumRecord): unknown {
  const json: Record<string, unknown> = { id: d.id, name: d.name, size: d.size, ctime: d.ctime, file_ctime: d.ctime, file_mtime: d.ctime, uri: d.uri, purged: false, output_execution: d.execution ?? null, md5: d.md5, sha1: null, sha256: d.sha256, project: d.project, tags: tagsOf(d.metadata) };
  if (em.includeDatumMetadata) json.metadata = d.metadata;
  return json;
}

function datasetJson(em: RouteHost, id: string): unknown {
  const d = em.state.datasets.find((x) => x.id === id);
  if (!d) return undefined;
  const latest = em.state.versions.filter((v) => v.dataset === id).sort(order('-ctime'))[0];
  return { id: d.id, name: d.name, ctime: d.ctime, project: d.project, latest_version: latest ? { id: latest.id } : null, metadata: d.metadata };
}

function versionJson(em: RouteHost, id: string): unknown {
  const v = em.state.versions.find((x) => x.id === id);
  if (!v) return undefined;
  const dataset = em.state.datasets.find((d) => d.id === v.dataset)!;
  return { id: v.id, name: v.name, ctime: v.ctime, dataset: { id: dataset.id, name: dataset.name }, previous_version: null, metadata: v.metadata, files: v.datums.map((datumId) => ({ datum: datumJson(em, em.datum(datumId)!) })) };
}

function one(item: unknown): Reply {
  return item ? json(200, item) : json(404, { detail: 'Not found.' });
}

/** `limit`/`offset` paging with absolute `next`/`previous`, as Django REST Framework does. */
function list(url: URL, items: unknown[]): Reply {
  const limit = Math.min(EMULATOR_MAX_LIMIT, Math.max(1, Number(url.searchParams.get('limit')) || EMULATOR_DEFAULT_LIMIT));
  const offset = Math.max(0, Number(url.searchParams.get('offset')) || 0);
  const link = (o: number): string => {
    const u = new URL(url.toString());
    u.searchParams.set('limit', String(limit));
    u.searchParams.set('offset', String(o));
    return u.toString();
  };
  return json(200, {
    count: url.searchParams.get('no_count') === 'true' ? undefined : items.length,
    next: offset + limit < items.length ? link(offset + limit) : null,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
    results: items.slice(offset, offset + limit),
  });
}

function tagsOf(metadata: Properties): string[] {
  const tags = metadata['valohai.tags'];
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

export function order(ordering: string): (a: { name: string; ctime: string }, b: { name: string; ctime: string }) => number {
  const desc = ordering.startsWith('-');
  const key = ordering.replace(/^-/, '') === 'name' ? 'name' : 'ctime';
  return (a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0) * (desc ? -1 : 1);
}

