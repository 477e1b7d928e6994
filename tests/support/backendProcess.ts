import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { startTsProcess, type StartedProcess } from './childProcess.js';

interface SampleCustomer {
  id: string;
  name: string;
  /** Canonical E.164, as stored. */
  phone: string;
  serialNumber: string;
  purchaseDate: string;
  warrantyMonths: number;
}

interface BranchCounts {
  customers: number;
  products: number;
  serviceOrders: number;
}

export interface RunningBackend extends StartedProcess {
  url: string;
  dbFile: string;
  /** A seeded customer of branch BJ01 who owns at least one product. */
  sampleCustomer: SampleCustomer;
  /** Live (not deleted) rows of one branch, read straight from the backend's database file. */
  countsOf(branchCode: string): BranchCounts;
}

/** The real backend process (`npm run server`) on a temp SQLite file, seeded with demo data. */
export async function startBackend(options: { dir: string; customers: number; port?: number; env?: NodeJS.ProcessEnv }): Promise<RunningBackend> {
  const dbFile = path.join(options.dir, 'server.db');
  const started = await startTsProcess(
    'server/main.ts',
    { DATABASE_URL: dbFile, SEED_CUSTOMERS: String(options.customers), PORT: String(options.port ?? 0), HOST: '127.0.0.1', ...options.env },
    /listening on (http:\/\/127\.0\.0\.1:\d+)/,
  );
  const read = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(dbFile, { readonly: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  const sampleCustomer = read(
    (db) =>
      db
        .prepare(
          `SELECT c.id, c.name, c.phone, p.serial_number AS serialNumber, p.purchase_date AS purchaseDate, p.warranty_months AS warrantyMonths
           FROM customers c JOIN branches b ON b.id = c.branch_id JOIN products p ON p.customer_id = c.id
           WHERE b.code = 'BJ01' AND c.deleted = 0 AND p.deleted = 0 AND c.phone LIKE '+861%'
             AND (SELECT count(*) FROM customers c2 WHERE c2.name = c.name) = 1
           ORDER BY c.id LIMIT 1`,
        )
        .get() as SampleCustomer,
  );
  return {
    ...started,
    url: started.match[1]!,
    dbFile,
    sampleCustomer,
    countsOf: (branchCode) =>
      read((db) => {
        const count = (table: string) =>
          (db.prepare(`SELECT count(*) AS n FROM ${table} t JOIN branches b ON b.id = t.branch_id WHERE b.code = ? AND t.deleted = 0`).get(branchCode) as { n: number }).n;
        return { customers: count('customers'), products: count('products'), serviceOrders: count('service_orders') };
      }),
  };
}

/** Rows of a backend's database file, read as the backend wrote them (read-only, closed at once). */
export function backendRows<T>(backend: Pick<RunningBackend, 'dbFile'>, sql: string, ...params: unknown[]): T[] {
  const db = new Database(backend.dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
