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
import type { Product } from '../shared/domain/product.js';
import { OPEN_ORDER_STATUSES, type ServiceOrder } from '../shared/domain/serviceOrder.js';
import { saveResult, summarise, timeMs } from './stats.js';

/** The data set: a large branch's install base. Customers come from the options. */
const PRODUCTS_PER_CUSTOMER = 1.5;
const ORDERS_PER_CUSTOMER = 3;

/**
 * Screen pop and free-text search in a seat cache the size of a large branch: 1,000,000
 * customers, exactly 1,500,000 products and 3,000,000 orders. The demo generator gives ~1.5
 * products and ~2 orders per customer; the build steers each table to its total with a running
 * target: a household's own rows are kept while the total allows, and one below the target gets
 * extra rows (copies of its own or its branch's last product, past closed orders). The counts are
 * read back from the file and recorded. The cache file is kept in .tmp/bench and reused.
 */
export async function benchScreenPop(options: { customers: number; lookups: number }): Promise<void> {
  const totals = { customers: options.customers, products: Math.round(options.customers * PRODUCTS_PER_CUSTOMER), orders: options.customers * ORDERS_PER_CUSTOMER };
  // v2: exact totals (v1 files had ~2.75 orders per customer).
  const file = path.resolve(`.tmp/bench/screenpop-v2-${options.customers}.db`);
  const ready = `${file}.ready`;
  if (!fs.existsSync(ready)) {
    fs.rmSync(file, { force: true });
    console.log(`building ${file} …`);
    const started = Date.now();
    const cache = LocalCache.open(file);
    cache.db.pragma('synchronous = OFF');
    cache.beginBulkLoad();
    let batch = 0;
    const written = { customers: 0, products: 0, orders: 0 };
    const lastProduct = new Map<string, Product>();
    const lastOrder = new Map<string, ServiceOrder>();
    const begin = () => cache.db.exec('BEGIN');
    const commit = () => cache.db.exec('COMMIT');
    begin();
    for (const household of generateDemoData({ customers: options.customers }).households()) {
      const { customer } = household;
      cache.customers.upsert(customer);
      written.customers++;
      const products = household.products.slice(0, totals.products - written.products);
      for (const p of products) cache.products.upsert(p);
      written.products += products.length;
      const productTarget = Math.floor((written.customers * totals.products) / totals.customers);
      for (let extra = 0; written.products < productTarget; extra++) {
        const base = products[0] ?? lastProduct.get(customer.branchId);
        if (!base) break;
        const copy = { ...base, id: crypto.randomUUID(), customerId: customer.id, serialNumber: `${base.serialNumber.slice(0, 24)}-X${extra}` };
        cache.products.upsert(copy);
        products.push(copy);
        written.products++;
      }
      const orders = household.orders.slice(0, totals.orders - written.orders);
      for (const o of orders) cache.serviceOrders.upsert(o);
      written.orders += orders.length;
      const orderTarget = Math.floor((written.customers * totals.orders) / totals.customers);
      // Past, closed orders, as in a mature install base.
      for (let extra = 0; written.orders < orderTarget; extra++) {
        const base = orders[0] ?? lastOrder.get(customer.branchId);
        if (!base) break;
        cache.serviceOrders.upsert({
          ...base,
          id: crypto.randomUUID(),
          customerId: customer.id,
          productId: products[0]?.id ?? null,
          orderNumber: `${base.orderNumber}-P${extra}`,
          status: 'closed',
          createdAt: '2020-01-01T00:00:00.000Z',
          updatedAt: '2020-01-02T00:00:00.000Z',
        });
        written.orders++;
      }
      if (products[0]) lastProduct.set(customer.branchId, products[0]);
      if (orders[0]) lastOrder.set(customer.branchId, orders[0]);
      if (++batch === 20_000) {
        commit();
        begin();
        batch = 0;
        if (written.customers % 200_000 === 0) console.log(`  ${written.customers} customers …`);
      }
    }
    commit();
    await cache.endBulkLoad();
    cache.db.exec('ANALYZE');
    cache.close();
    fs.writeFileSync(ready, JSON.stringify({ buildSeconds: (Date.now() - started) / 1000 }));
  }
  const cache = LocalCache.open(file);
  const countOf = (table: string) => (cache.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const built = { customers: countOf('customers'), products: countOf('products'), orders: countOf('service_orders') };
  if (built.customers !== totals.customers || built.products !== totals.products || built.orders !== totals.orders) {
    throw new Error(`${file} holds ${JSON.stringify(built)}, not ${JSON.stringify(totals)}: delete it and its .ready file to rebuild`);
  }
  const buildSeconds = (JSON.parse(fs.readFileSync(ready, 'utf8')) as { buildSeconds: number }).buildSeconds;
  const lookup = new CustomerLookup(cache);

  // Sample callers: random customers, their numbers written the way callers' numbers arrive.
  const byRowid = cache.db.prepare(
    'SELECT phone, name, address, (SELECT serial_number FROM products p WHERE p.customer_id = c.id LIMIT 1) AS serial FROM customers c WHERE rowid = ?',
  );
  const pick = (n: number) => Array.from({ length: n }, () => byRowid.get(1 + Math.floor(Math.random() * built.customers)) as { phone: string; name: string; address: string; serial: string | null });
  const sample = pick(options.lookups);
  // Mobiles (+861…) and landlines (+86 area code …) in the shapes callers' numbers arrive in.
  const formatters: Record<string, (e164: string) => string> = {
    e164: (e164) => e164,
    spacedInternational: (e164) => (e164.startsWith('+861') ? `+86 ${e164.slice(3, 6)} ${e164.slice(6, 10)} ${e164.slice(10)}` : e164.replace('+86', '0086 ')),
    national: (e164) => (e164.startsWith('+861') ? e164.slice(3) : `0${e164.slice(3)}`),
    dashedWithPrefix: (e164) => (e164.startsWith('+861') ? `0086-${e164.slice(3, 6)}-${e164.slice(6, 10)}-${e164.slice(10)}` : `(0${e164.slice(3, 5)}) ${e164.slice(5)}`),
  };
  const formatNames = Object.keys(formatters);
  const formats = Object.values(formatters);
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
  const byFormat = new Map<string, number[]>(formatNames.map((name) => [name, []]));
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
      byFormat.get(formatNames[i % formats.length]!)!.push(wall);
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
    data: { ...built, buildSeconds },
    cacheFileMB: Math.round(fs.statSync(file).size / 1e6),
    screenPop: {
      ...summarise(pops.value),
      byFormat: Object.fromEntries([...byFormat].map(([name, samples]) => [name, { example: formatters[name]!('+8613812345678'), ...summarise(samples) }])),
      cpuTime: summarise(popCpu), found, productsShown: products, ordersShown: orders, openOrdersShown: openOrders, gc: pops.gc, targetP99Ms: 2 },
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    search: { ...searchResults, targetP95Ms: 30 },
  };
  cache.close();
  console.log(JSON.stringify(result, null, 2));
  console.log(`saved ${saveResult('screen-pop-and-search', result)}`);
}
