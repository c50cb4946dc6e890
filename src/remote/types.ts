// Shapes of the API objects the product reads (docs/valohai-api.md). Only the fields used are typed;
// replies may carry more. `metadata` and `tags` on datums are optional: no public datum object shows
// `metadata`, so its absence means "unknown", never `{}` (see propertiesOf in push.ts).

export type Properties = Record<string, unknown>;

export interface Page<T> {
  count?: number;
  next: string | null;
  previous?: string | null;
  results: T[];
}

export interface User {
  id: number | string;
  username: string;
}

export interface Project {
  id: string;
  name: string;
  description?: string;
  owner?: { id: number | string; username: string };
  ctime?: string;
  mtime?: string;
}

export interface Datum {
  id: string;
  name: string;
  size?: number | null;
  ctime?: string;
  file_ctime?: string;
  file_mtime?: string;
  uri?: string | null;
  purged?: boolean;
  /** the execution that output it (its name is then the path under that execution's outputs) */
  output_execution?: { id: string; counter?: number } | null;
  md5?: string | null;
  sha1?: string | null;
  sha256?: string | null;
  tags?: string[];
  metadata?: Properties;
  project?: string | { id: string };
}

export interface Dataset {
  id: string;
  name: string;
  ctime?: string;
  latest_version?: { id: string } | null;
  metadata?: Properties;
}

export interface DatasetVersion {
  id: string;
  name: string;
  dataset: string | { id: string; name?: string };
  ctime?: string;
  previous_version?: unknown;
  files?: { datum: Datum }[];
  metadata?: Properties;
}

export interface Store {
  id: string;
  name: string;
  type: string;
}

export interface DatumAlias {
  id?: string;
  name: string;
  /** an object, as valohai-cli reads it (`alias["datum"]["name"]`); null when it points nowhere */
  datum?: Datum | null;
}
