/** The little of PouchDB's API the benchmark uses (the packages ship no types). */
export interface PouchDatabase {
  bulkDocs(docs: Record<string, unknown>[]): Promise<unknown[]>;
  info(): Promise<{ doc_count: number; update_seq: number | string }>;
  close(): Promise<void>;
  destroy(): Promise<void>;
}

export interface ReplicationResult {
  docs_read: number;
  docs_written: number;
  ok: boolean;
  errors: unknown[];
}

export interface PouchStatic {
  new (name: string, options?: Record<string, unknown>): PouchDatabase;
  defaults(options: Record<string, unknown>): PouchStatic;
  replicate(source: PouchDatabase | string, target: PouchDatabase | string, options?: Record<string, unknown>): Promise<ReplicationResult> & {
    on(event: 'change', listener: (info: { docs_written: number }) => void): unknown;
  };
}
