import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { CustomerLookup } from '../main/services/customerLookup.js';
import { LocalCache } from '../main/services/localCache/localCache.js';
import { generateDemoData } from '../server/seed/demoData.js';
import { OPEN_ORDER_STATUSES } from '../shared/domain/serviceOrder.js';
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
  const pick = (n: number) => Array.from({ length: n }, () => byRowid.get(1 + Math.floor(Math.random() * built.customers!)) as { phone: string; name: string; address: string; serial: string | null });
  const sample = pick(options.lookups);
  const formats = [
    (e164: string) => e164,
    (e164: string) => (e164.startsWith('+861') ? `+86 ${e164.slice(3, 6)} ${e164.slice(6, 10)} ${e164.slice(10)}` : e164.replace('+86', '0086 ')),
    (e164: string) => (e164.startsWith('+861') ? e164.slice(3) : `0${e164.slice(3)}`),
  ];
  // Warm-up on callers that are not measured afterwards: JIT (phone parsing, row mapping),
  // prepared statements, the index's upper levels in SQLite's page cache. The measured callers
  // are other random customers, so their leaf pages are as cold as a real caller's.
  const warm = pick(Math.min(2000, options.lookups));
  for (const [i, s] of warm.entries()) lookup.screenPop(formats[i % formats.length]!(s.phone));
  for (const s of warm.slice(0, 100)) lookup.search(s.name, 50);

  // GC pauses land inside some samples: collect before each measured phase and count the pauses
  // that happened during it, so a p99 made of GC is visible as such.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const gcPauses: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPauses.push(entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  const gcDuring = async <T>(fn: () => T): Promise<{ value: T; gc: { pauses: number; totalMs: number; maxMs: number } }> => {
    gc();
    await new Promise((r) => setTimeout(r, 10)); // let the observer report the forced collection
    gcPauses.length = 0;
    const value = fn();
    await new Promise((r) => setTimeout(r, 10));
    return { value, gc: { pauses: gcPauses.length, totalMs: Number(gcPauses.reduce((a, b) => a + b, 0).toFixed(2)), maxMs: Number(Math.max(0, ...gcPauses).toFixed(2)) } };
  };

  let found = 0;
  let products = 0;
  let openOrders = 0;
  let orders = 0;
  // CPU time of each lookup beside its wall time: on a loaded machine, wall-time tails are mostly
  // time spent descheduled; CPU time shows what the lookup itself costs.
  const popCpu: number[] = [];
  const pops = await gcDuring(() =>
    sample.map((s, i) => {
      const typed = formats[i % formats.length]!(s.phone);
      const cpu = process.cpuUsage();
      const wall = timeMs(() => {
        const card = lookup.screenPop(typed).card;
        if (card) {
          found++;
          products += card.products.length;
          orders += card.orders.length;
          openOrders += card.orders.filter((o) => (OPEN_ORDER_STATUSES as readonly string[]).includes(o.status)).length;
        }
      });
      const used = process.cpuUsage(cpu);
      popCpu.push((used.user + used.system) / 1000);
      return wall;
    }),
  );

  const searchSample = pick(Math.min(1000, options.lookups));
  const search = async (queries: string[]) => {
    const { value, gc: g } = await gcDuring(() => queries.map((q) => timeMs(() => lookup.search(q, 50))));
    return { ...summarise(value), gc: g };
  };
  const searchResults = {
    fullName: await search(searchSample.map((s) => s.name)),
    surnameAndFirstChar: await search(searchSample.map((s) => s.name.slice(0, 2))),
    phoneFragment: await search(searchSample.map((s) => s.phone.slice(5, 11))),
    serialPrefix: await search(searchSample.filter((s) => s.serial).map((s) => s.serial!.slice(0, 9))),
    addressFragment: await search(searchSample.map((s) => s.address.slice(4, 10))),
  };
  observer.disconnect();
  const result = {
    data: built,
    cacheFileMB: Math.round(fs.statSync(file).size / 1e6),
    screenPop: { ...summarise(pops.value), cpuTime: summarise(popCpu), found, productsShown: products, ordersShown: orders, openOrdersShown: openOrders, gc: pops.gc, targetP99Ms: 2 },
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    search: { ...searchResults, targetP95Ms: 30 },
  };
  cache.close();
  console.log(JSON.stringify(result, null, 2));
  console.log(`saved ${saveResult('screen-pop-and-search', result)}`);
}
