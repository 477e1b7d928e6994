import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CustomerLookup } from '../main/services/customerLookup.js';
import { LocalCache } from '../main/services/localCache/localCache.js';
import { generateDemoData } from '../server/seed/demoData.js';
import { saveResult, summarise, timeMs } from './stats.js';

/**
 * Screen pop and free-text search in a seat cache the size of a large branch: 1,000,000
 * customers, ~1,500,000 products, 3,000,000 orders (demo data; extra past orders added to reach
 * 3 per customer). The cache file is kept in .tmp/bench and reused by later runs.
 */
export async function benchScreenPop(options: { customers: number; lookups: number }): Promise<void> {
  const file = path.resolve(`.tmp/bench/screenpop-${options.customers}.db`);
  const ready = `${file}.ready`;
  if (!fs.existsSync(ready)) {
    fs.rmSync(file, { force: true });
    console.log(`building ${file} …`);
    const started = Date.now();
    const cache = LocalCache.open(file);
    cache.db.pragma('synchronous = OFF');
    let batch = 0;
    const counts = { customers: 0, products: 0, orders: 0 };
    const begin = () => cache.db.exec('BEGIN');
    const commit = () => cache.db.exec('COMMIT');
    begin();
    for (const household of generateDemoData({ customers: options.customers }).households()) {
      cache.customers.upsert(household.customer);
      for (const p of household.products) cache.products.upsert(p);
      for (const o of household.orders) cache.serviceOrders.upsert(o);
      counts.customers++;
      counts.products += household.products.length;
      counts.orders += household.orders.length;
      // Past, closed orders so that there are 3 orders per customer, as in a mature install base.
      for (let extra = household.orders.length; extra < 3; extra++) {
        const base = household.orders[0];
        if (!base) break;
        cache.serviceOrders.upsert({ ...base, id: crypto.randomUUID(), orderNumber: `${base.orderNumber}${extra}`, status: 'closed', createdAt: '2020-01-01T00:00:00.000Z' });
        counts.orders++;
      }
      if (++batch === 20_000) {
        commit();
        begin();
        batch = 0;
        if (counts.customers % 200_000 === 0) console.log(`  ${counts.customers} customers …`);
      }
    }
    commit();
    cache.db.exec('ANALYZE');
    cache.close();
    fs.writeFileSync(ready, JSON.stringify({ ...counts, buildSeconds: (Date.now() - started) / 1000 }));
  }
  const built = JSON.parse(fs.readFileSync(ready, 'utf8')) as Record<string, number>;
  const cache = LocalCache.open(file);
  const lookup = new CustomerLookup(cache);

  // Sample callers: random customers, their numbers written the way callers' numbers arrive.
  const byRowid = cache.db.prepare(
    'SELECT phone, name, address, (SELECT serial_number FROM products p WHERE p.customer_id = c.id LIMIT 1) AS serial FROM customers c WHERE rowid = ?',
  );
  const sample = Array.from({ length: options.lookups }, () => byRowid.get(1 + Math.floor(Math.random() * built.customers!)) as { phone: string; name: string; address: string; serial: string | null });
  const formats = [
    (e164: string) => e164,
    (e164: string) => (e164.startsWith('+861') ? `+86 ${e164.slice(3, 6)} ${e164.slice(6, 10)} ${e164.slice(10)}` : e164.replace('+86', '0086 ')),
    (e164: string) => (e164.startsWith('+861') ? e164.slice(3) : `0${e164.slice(3)}`),
  ];
  for (const s of sample.slice(0, 200)) lookup.screenPop(s.phone); // warm the page cache
  const popTimes: number[] = [];
  let found = 0;
  for (const [i, s] of sample.entries()) {
    const typed = formats[i % formats.length]!(s.phone);
    popTimes.push(timeMs(() => (found += lookup.screenPop(typed).card ? 1 : 0)));
  }

  const search = (queries: string[]) => summarise(queries.map((q) => timeMs(() => lookup.search(q, 50))));
  const few = sample.slice(0, 300);
  const searchResults = {
    fullName: search(few.map((s) => s.name)),
    surnameAndFirstChar: search(few.map((s) => s.name.slice(0, 2))),
    phoneFragment: search(few.map((s) => s.phone.slice(5, 11))),
    serialPrefix: search(few.filter((s) => s.serial).map((s) => s.serial!.slice(0, 9))),
    addressFragment: search(few.map((s) => s.address.slice(4, 10))),
  };
  const result = {
    data: built,
    cacheFileMB: Math.round(fs.statSync(file).size / 1e6),
    screenPop: { ...summarise(popTimes), found, targetP99Ms: 2 },
    search: { ...searchResults, targetP95Ms: 30 },
  };
  cache.close();
  console.log(JSON.stringify(result, null, 2));
  console.log(`saved ${saveResult('screen-pop-and-search', result)}`);
}
