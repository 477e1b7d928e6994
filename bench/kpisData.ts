import crypto from 'node:crypto';
import type pg from 'pg';

/**
 * The data of `npm run bench -- kpis`, generated inside PostgreSQL (INSERT … SELECT over
 * generate_series, deterministic: every draw is a hash of the row's number), on top of the demo
 * seed the backend writes at its first start (its branches BJ01 and GZ01, their logins).
 *
 * At scale 1: 10 branches of unequal size (BJ01 the largest, 16 %), each with 50 agents of which
 * the first 20 own orders and take calls (200 agents), 12 outlets and its provinces; 1,500,000
 * customers with a product each (air conditioners most, seasonal); 3,000,000 orders over the last
 * 365 days (more in summer, made between 08:00 and 20:00 hotline time, one in twelve a repeat of a
 * customer's order a few minutes before; the last days' still open, older ones mostly closed), each
 * with its status changes (accepted, in service, completed: the SLA stages) on a skewed timetable
 * (most stages in time, a tail late); 5,000,000 phone calls (85 % inbound; 6 % missed, 3 % turned
 * away; handle time skewed); follow-ups of closed and visited orders (75 % done, scores 1–5 skewed
 * to 5), complaints (one per 150 orders), parts requests for one order in twenty with their steps.
 * Sessions for every bench agent are written directly (tokens returned), not logged in one by one.
 */
export interface KpiData {
  branches: { id: string; code: string }[];
  /** Every bench agent: the first 20 of each branch own the history; all of them report presence on the board. */
  agents: { id: string; branchId: string; token: string; servesHistory: boolean }[];
  counts: Record<string, number>;
  seconds: Record<string, number>;
}

const BRANCHES: { code: string; name: string; share: number; provinces: [string, string][] }[] = [
  {
    code: 'BJ01',
    name: '北京分公司',
    share: 16,
    provinces: [['北京市', '110000'], ['河北省', '130000'], ['山东省', '370000'], ['天津市', '120000'], ['河南省', '410000'], ['山西省', '140000'], ['内蒙古自治区', '150000']],
  },
  { code: 'GZ01', name: '广州分公司', share: 14, provinces: [['广东省', '440000'], ['福建省', '350000'], ['湖南省', '430000'], ['广西壮族自治区', '450000'], ['江西省', '360000'], ['海南省', '460000']] },
  { code: 'SH01', name: '上海分公司', share: 12, provinces: [['上海市', '310000'], ['安徽省', '340000']] },
  { code: 'NJ01', name: '南京分公司', share: 10, provinces: [['江苏省', '320000']] },
  { code: 'HZ01', name: '杭州分公司', share: 10, provinces: [['浙江省', '330000']] },
  { code: 'WH01', name: '武汉分公司', share: 8, provinces: [['湖北省', '420000']] },
  { code: 'CD01', name: '成都分公司', share: 9, provinces: [['四川省', '510000'], ['云南省', '530000'], ['西藏自治区', '540000']] },
  { code: 'CQ01', name: '重庆分公司', share: 7, provinces: [['重庆市', '500000'], ['贵州省', '520000']] },
  {
    code: 'XA01',
    name: '西安分公司',
    share: 7,
    provinces: [['陕西省', '610000'], ['甘肃省', '620000'], ['宁夏回族自治区', '640000'], ['青海省', '630000'], ['新疆维吾尔自治区', '650000']],
  },
  { code: 'SY01', name: '沈阳分公司', share: 7, provinces: [['辽宁省', '210000'], ['吉林省', '220000'], ['黑龙江省', '230000']] },
];
const AGENTS_PER_BRANCH = 50;
const HISTORY_AGENTS_PER_BRANCH = 20;
const OUTLETS_PER_BRANCH = 12;
/** Product categories and their share (%), cumulative order. */
const CATEGORIES: [string, number][] = [
  ['air_conditioner', 30],
  ['refrigerator', 18],
  ['washing_machine', 17],
  ['tv', 12],
  ['kitchen', 10],
  ['small_appliance', 8],
  ['microwave', 5],
];

/** A bench row id: a valid v4-shaped UUID from a 4-hex kind and a number. */
const uuid = (kind: string, n: number) => `0000${kind}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export async function generateKpiData(client: pg.Client, options: { scale: number; now: Date }): Promise<KpiData> {
  const seconds: Record<string, number> = {};
  const step = async (name: string, text: string, values: unknown[] = []) => {
    const started = Date.now();
    await client.query(text, values);
    seconds[name] = Number(((Date.now() - started) / 1000).toFixed(1));
    console.log(`  ${name}: ${seconds[name]} s`);
  };
  const orders = Math.max(1000, Math.round(3_000_000 * options.scale));
  const customers = Math.max(500, Math.round(orders / 2));
  const calls = Math.max(1000, Math.round(5_000_000 * options.scale));
  const now = options.now.toISOString();

  await client.query("set timezone = 'UTC'");
  // The bench's statement timeout is for the timed queries, not for the load.
  await client.query('set statement_timeout = 0');
  // A bulk load: the rows are consistent by construction, so the foreign keys' per-row checks (triggers) are skipped.
  await client.query('set session_replication_role = replica');
  await client.query('drop schema if exists bench_gen cascade; create schema bench_gen');
  // r(n, salt): a deterministic draw in [0, 1) per row and purpose.
  await client.query(`create function bench_gen.r(n bigint, salt int) returns float8 language sql immutable parallel safe
    as $$ select ((hashint8(n * 1000003 + salt) & 2147483647)::float8 / 2147483648.0) $$`);
  await client.query(`create function bench_gen.iso(t timestamptz) returns text language sql stable parallel safe
    as $$ select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$`);
  await client.query(`create function bench_gen.id(kind text, n bigint) returns text language sql immutable parallel safe
    as $$ select '0000' || kind || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0') $$`);

  // The branches (the demo's two kept with their ids), agents, outlets, provinces, as small lookup tables.
  const demo = new Map((await client.query<{ id: string; code: string }>('select id, code from branches')).rows.map((r) => [r.code, r.id]));
  const passwordHash = (await client.query<{ password_hash: string }>("select password_hash from agents where login = 'bj.agent1'")).rows[0]!.password_hash;
  const branches = BRANCHES.map((b, k) => ({ ...b, k, id: demo.get(b.code) ?? uuid('b0b0', k + 1) }));
  for (const b of branches) {
    if (demo.has(b.code)) continue;
    await client.query('insert into branches (id, code, name, regions) values ($1, $2, $3, $4)', [b.id, b.code, b.name, JSON.stringify(b.provinces.map(([p]) => p))]);
  }
  await client.query('create table bench_gen.branch (k int primary key, id text, code text)');
  await client.query('create table bench_gen.pct (p int primary key, k int)');
  await client.query('create table bench_gen.agent (k int, j int, id text, primary key (k, j))');
  await client.query('create table bench_gen.outlet (k int, j int, id text, primary key (k, j))');
  await client.query('create table bench_gen.province (k int, j int, name text, code text, primary key (k, j))');
  await client.query('create table bench_gen.nprov (k int primary key, cnt int)');
  await client.query('create table bench_gen.category (p int primary key, name text)');
  let p = 0;
  const agents: KpiData['agents'] = [];
  const sessions: unknown[][] = [];
  for (const b of branches) {
    await client.query('insert into bench_gen.branch values ($1, $2, $3)', [b.k, b.id, b.code]);
    for (let i = 0; i < b.share; i++) await client.query('insert into bench_gen.pct values ($1, $2)', [p++, b.k]);
    await client.query('insert into bench_gen.nprov values ($1, $2)', [b.k, b.provinces.length]);
    for (const [j, [name, code]] of b.provinces.entries()) await client.query('insert into bench_gen.province values ($1, $2, $3, $4)', [b.k, j, name, code]);
    for (let j = 0; j < AGENTS_PER_BRANCH; j++) {
      const id = uuid('a0a0', b.k * 1000 + j + 1);
      const token = crypto.randomBytes(24).toString('base64url');
      await client.query('insert into agents (id, login, display_name, branch_id, role, password_hash) values ($1, $2, $3, $4, $5, $6)', [
        id, `bench.${b.code.toLowerCase()}.${j + 1}`, `${b.name.slice(0, 2)}坐席${j + 1}`, b.id, 'agent', passwordHash,
      ]);
      if (j < HISTORY_AGENTS_PER_BRANCH) await client.query('insert into bench_gen.agent values ($1, $2, $3)', [b.k, j, id]);
      sessions.push([crypto.createHash('sha256').update(token).digest('hex'), id, now, new Date(options.now.getTime() + 2 * 86_400_000).toISOString()]);
      agents.push({ id, branchId: b.id, token, servesHistory: j < HISTORY_AGENTS_PER_BRANCH });
    }
    for (let j = 0; j < OUTLETS_PER_BRANCH; j++) {
      const id = uuid('0070', b.k * 1000 + j + 1);
      const [province, code] = b.provinces[j % b.provinces.length]!;
      const categories = j % 3 === 2 ? ['microwave', 'kitchen', 'small_appliance'] : CATEGORIES.map(([c]) => c);
      await client.query('insert into outlets (id, version, deleted, branch_id, name, categories, load, region_codes) values ($1, 0, false, $2, $3, $4, $5, $6)', [
        id, b.id, `${province.slice(0, 2)}第${j + 1}服务站`, JSON.stringify(categories), 5 + ((j * 7) % 20), JSON.stringify([code]),
      ]);
      await client.query('insert into bench_gen.outlet values ($1, $2, $3)', [b.k, j, id]);
    }
  }
  for (let i = 0; i < sessions.length; i += 100) {
    const chunk = sessions.slice(i, i + 100);
    await client.query(
      `insert into sessions (token_hash, agent_id, created_at, expires_at) values ${chunk.map((_, r) => `($${r * 4 + 1}, $${r * 4 + 2}, $${r * 4 + 3}, $${r * 4 + 4})`).join(', ')}`,
      chunk.flat(),
    );
  }
  let c = 0;
  for (const [name, share] of CATEGORIES) for (let i = 0; i < share; i++) await client.query('insert into bench_gen.category values ($1, $2)', [c++, name]);

  // Secondary indexes are built once after the load (faster than row by row); constraints' indexes stay.
  const bulkTables = ['customers', 'products', 'service_orders', 'order_events', 'interactions', 'follow_ups', 'complaints', 'parts_requests', 'parts_request_steps'];
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    `select i.indexname, i.indexdef from pg_indexes i where i.schemaname = 'public' and i.tablename = any($1)
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [bulkTables],
  );
  for (const index of indexes) await client.query(`drop index ${index.indexname}`);

  const params = [customers, now];
  // Customers: branch by share; province skewed to the branch's first (r²).
  await step(
    'customers',
    `insert into customers (id, version, deleted, branch_id, name, phone, alt_phone, vip_tier, province, city, address, created_at, updated_at, province_code, city_code, district_code, same_phone_reason, tags)
     select bench_gen.id('c0c0', n), n, false, b.id,
       substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', (n % 20)::int + 1, 1) || substr('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂', ((n / 20) % 22)::int + 1, 1),
       '+86139' || lpad(n::text, 8, '0'), null,
       case when bench_gen.r(n, 1) < 0.02 then 'gold' when bench_gen.r(n, 1) < 0.06 then 'silver' else 'none' end,
       pr.name, pr.name, pr.name || '某区某路' || (n % 500) || '号', t, t, pr.code, null, null, null, '[]'
     from generate_series(1, $1::int) n
     join bench_gen.pct on pct.p = n % 100
     join bench_gen.branch b on b.k = pct.k
     join bench_gen.nprov np on np.k = b.k
     join bench_gen.province pr on pr.k = b.k and pr.j = floor(np.cnt * bench_gen.r(n, 2) ^ 2)::int
     cross join lateral (select bench_gen.iso($2::timestamptz - interval '900 days' * bench_gen.r(n, 3)) as t) at`,
    params,
  );
  await step(
    'products',
    `insert into products (id, version, deleted, customer_id, branch_id, serial_number, model, category, purchase_date, warranty_months)
     select bench_gen.id('9090', n), n, false, bench_gen.id('c0c0', n), b.id, 'SN' || lpad(n::text, 10, '0'), 'M-' || (n % 97), cat.name,
       to_char($2::timestamptz - interval '1500 days' * bench_gen.r(n, 4), 'YYYY-MM-DD'), 36
     from generate_series(1, $1::int) n
     join bench_gen.pct on pct.p = n % 100
     join bench_gen.branch b on b.k = pct.k
     join bench_gen.category cat on cat.p = floor(100 * bench_gen.r(n, 5))::int`,
    params,
  );

  // Orders, staged with their stage times (unlogged), then written with their events.
  await step(
    'orders (staged)',
    `create unlogged table bench_gen.o as
     select n, st.status, b.id as branch_id, a.id as owner, ol.id as outlet, cust,
       created, dispatched, case when st.reach >= 2 then accepted end as accepted, case when st.reach >= 3 then onsite end as onsite,
       case when st.reach >= 4 then completed end as completed
     from generate_series(1, $1::int) n
     cross join lateral (select case when n % 12 = 0 and n > 7 then 1 + (hashint8((n - 7)::bigint) & 2147483647) % $3::int else 1 + (hashint8(n::bigint) & 2147483647) % $3::int end as cust) cu
     join bench_gen.pct on pct.p = cust % 100
     join bench_gen.branch b on b.k = pct.k
     join bench_gen.agent a on a.k = b.k and a.j = floor(${HISTORY_AGENTS_PER_BRANCH} * bench_gen.r(n, 6) ^ 1.5)::int
     join bench_gen.outlet ol on ol.k = b.k and ol.j = floor(${OUTLETS_PER_BRANCH} * bench_gen.r(n, 7) ^ 1.3)::int
     cross join lateral (select (n - 1)::float8 / $1::int as u) uu
     -- more orders in summer: the day of the year stretched by a sine; made between 08:00 and 20:00 (UTC+8)
     cross join lateral (select date_trunc('day', $2::timestamptz + interval '8 hours') - interval '8 hours' - interval '364 days'
         + interval '1 day' * floor(365 * (u - 0.08 * sin(2 * pi() * u) / (2 * pi())))
         + interval '1 hour' * (8 + 12 * bench_gen.r(n, 8)) - interval '8 hours' as created) c0
     cross join lateral (select extract(epoch from ($2::timestamptz - created)) / 86400 as age) ag
     cross join lateral (select case
         when age < 1 then (array['new','dispatched','accepted','in_service','parts_pending'])[1 + floor(5 * bench_gen.r(n, 9))::int]
         when age < 6 then (array['in_service','in_service','parts_pending','completed','completed','completed','visited','cancelled'])[1 + floor(8 * bench_gen.r(n, 9))::int]
         else case when bench_gen.r(n, 9) < 0.82 then 'closed' when bench_gen.r(n, 9) < 0.90 then 'visited' when bench_gen.r(n, 9) < 0.96 then 'cancelled'
                   when bench_gen.r(n, 9) < 0.99 then 'completed' else 'parts_pending' end end as status) s0
     cross join lateral (select s0.status, case s0.status when 'new' then 0 when 'dispatched' then 1 when 'cancelled' then 1 when 'accepted' then 2
         when 'in_service' then 3 when 'parts_pending' then 3 else 4 end as reach) st
     cross join lateral (select case when st.reach >= 1 then created + interval '1 hour' * (0.2 + 5.5 * bench_gen.r(n, 10) ^ 2) end as dispatched) d
     cross join lateral (select dispatched + interval '1 hour' * (0.1 + 2.8 * bench_gen.r(n, 11) ^ 2) as accepted) e
     cross join lateral (select accepted + interval '1 hour' * (1 + 36 * bench_gen.r(n, 12) ^ 2) as onsite) f
     cross join lateral (select onsite + interval '1 hour' * (0.5 + 60 * bench_gen.r(n, 13) ^ 3) as completed) g
     where created < $2::timestamptz`,
    [orders, now, customers],
  );
  await step(
    'service_orders',
    `insert into service_orders (id, version, deleted, order_number, customer_id, product_id, branch_id, type, status, fault, owner_agent_id, created_at, updated_at,
        outlet_id, appointment_start, appointment_end, dispatched_at, warranty, fee_consent, duplicate_reason, completion, cancel_reason, handover_note)
     select bench_gen.id('d0d0', n), n, false, 'BN-' || to_char(created, 'YYYYMMDD') || '-' || lpad(n::text, 7, '0'), bench_gen.id('c0c0', cust),
       case when bench_gen.r(n, 14) < 0.93 then bench_gen.id('9090', cust) end, branch_id,
       case when bench_gen.r(n, 15) < 0.7 then 'repair' when bench_gen.r(n, 15) < 0.9 then 'installation' else 'maintenance' end,
       status, '不制冷', owner, bench_gen.iso(created), bench_gen.iso(coalesce(completed, onsite, accepted, dispatched, created)),
       case when dispatched is not null then outlet end, null, null, bench_gen.iso(dispatched), 'null', 'null', null, 'null', null, null
     from bench_gen.o`,
  );
  await step(
    'order_events',
    `insert into order_events (id, order_id, seq, kind, from_status, to_status, agent_id, seat_id, at, from_owner_agent_id, to_owner_agent_id, version, deleted, branch_id)
     select bench_gen.id('e0e' || s.k, n), bench_gen.id('d0d0', n), n * 4 + s.k, 'status_changed', s.from_status, s.to_status, owner, null, bench_gen.iso(s.at), null, null, n * 4 + s.k, false, branch_id
     from bench_gen.o
     cross join lateral (values (1, 'dispatched', 'accepted', accepted), (2, 'accepted', 'in_service', onsite), (3, 'in_service', 'completed', completed)) s(k, from_status, to_status, at)
     where s.at is not null`,
  );
  await step(
    'interactions',
    `insert into interactions (id, version, deleted, branch_id, agent_id, customer_id, direction, remote_number, started_at, ring_seconds, talk_seconds, wrap_up_seconds, disposition, notes, channel)
     select bench_gen.id('1010', n), n, false, b.id, a.id, case when bench_gen.r(n, 20) < 0.97 then bench_gen.id('c0c0', cust) end, dir,
       '+86139' || lpad(cust::text, 8, '0'), bench_gen.iso(started), (2 + 25 * bench_gen.r(n, 21))::int,
       case when answered then (30 + 540 * bench_gen.r(n, 22) ^ 2)::int else 0 end, case when answered then (5 + 90 * bench_gen.r(n, 23))::int else 0 end,
       disposition, '', 'phone'
     from generate_series(1, $1::int) n
     cross join lateral (select 1 + (hashint8(n::bigint * 7 + 3) & 2147483647) % $3::int as cust, (n - 1)::float8 / $1::int as u) cu
     join bench_gen.pct on pct.p = cust % 100
     join bench_gen.branch b on b.k = pct.k
     join bench_gen.agent a on a.k = b.k and a.j = floor(${HISTORY_AGENTS_PER_BRANCH} * bench_gen.r(n, 24) ^ 1.5)::int
     cross join lateral (select date_trunc('day', $2::timestamptz + interval '8 hours') - interval '8 hours' - interval '364 days'
         + interval '1 day' * floor(365 * (u - 0.08 * sin(2 * pi() * u) / (2 * pi())))
         + interval '1 hour' * (8 + 13 * bench_gen.r(n, 25)) - interval '8 hours' as started,
         case when bench_gen.r(n, 26) < 0.85 then 'inbound' else 'outbound' end as dir) t
     cross join lateral (select case
         when dir = 'inbound' and bench_gen.r(n, 27) < 0.06 then 'missed'
         when dir = 'inbound' and bench_gen.r(n, 27) < 0.09 then 'turned_away'
         when dir = 'outbound' and bench_gen.r(n, 27) < 0.12 then 'no_answer'
         when bench_gen.r(n, 27) < 0.40 then 'order_created'
         when bench_gen.r(n, 27) < 0.82 then 'resolved'
         when bench_gen.r(n, 27) < 0.92 then 'follow_up_needed'
         when bench_gen.r(n, 27) < 0.96 then 'transferred'
         when bench_gen.r(n, 27) < 0.98 then 'complaint'
         else 'other' end as disposition) d
     cross join lateral (select disposition not in ('missed', 'turned_away') as answered) an
     where started < $2::timestamptz`,
    [calls, now, customers],
  );
  await step(
    'follow_ups',
    `insert into follow_ups (id, version, deleted, order_id, customer_id, branch_id, due_at, status, satisfaction, remarks, done_at, done_by, created_at, attempts, last_outcome, last_attempt_at)
     select bench_gen.id('f0f0', n), n, false, bench_gen.id('d0d0', n), bench_gen.id('c0c0', cust), branch_id, bench_gen.iso(completed + interval '2 days'),
       case when done then 'done' else 'open' end,
       case when done and bench_gen.r(n, 30) < 0.95 then case when bench_gen.r(n, 31) < 0.03 then 1 when bench_gen.r(n, 31) < 0.07 then 2 when bench_gen.r(n, 31) < 0.15 then 3
         when bench_gen.r(n, 31) < 0.40 then 4 else 5 end end,
       '', case when done then bench_gen.iso(doneat) end, case when done then owner end, bench_gen.iso(completed), case when done then 1 else 0 end,
       case when done then 'done' end, case when done then bench_gen.iso(doneat) end
     from bench_gen.o
     cross join lateral (select status in ('closed', 'visited') as done, completed + interval '1 hour' * (20 + 50 * bench_gen.r(n, 32)) as doneat) x
     where completed is not null and (status = 'completed' or bench_gen.r(n, 33) < 0.75) and (not done or doneat < $1::timestamptz)`,
    [now],
  );
  await step(
    'complaints',
    `insert into complaints (id, version, deleted, branch_id, customer_id, order_id, outlet_id, technician_name, category, severity, channel, customer_words, customer_wants, status, taken_by,
        received_at, promised_by, acknowledge_due_at, resolve_due_at, acknowledged_at, resolved_at, confirmed_at, reopen_count, escalation, escalated_at, resolution, compensation_kind,
        compensation_yuan, created_at, updated_at)
     select bench_gen.id('cccc', n), n, false, branch_id, bench_gen.id('c0c0', cust), bench_gen.id('d0d0', n), outlet, '师傅' || (n % 40),
       (array['service_attitude','lateness','repair_quality','parts_shortage','product_quality','fees'])[1 + floor(6 * bench_gen.r(n, 40))::int], 'normal', 'phone', '师傅没按时上门', '',
       case when rec < $1::timestamptz - interval '10 days' then 'confirmed' else 'investigating' end, owner, bench_gen.iso(rec), null, bench_gen.iso(rec + interval '4 hours'),
       bench_gen.iso(rec + interval '72 hours'), bench_gen.iso(rec + interval '1 hour'), null, null, 0, 'none', null, '', 'none', null, bench_gen.iso(rec), bench_gen.iso(rec)
     from bench_gen.o
     cross join lateral (select coalesce(onsite, created) + interval '1 day' * bench_gen.r(n, 41) as rec) x
     where n % 150 = 17 and rec < $1::timestamptz`,
    [now],
  );
  await step(
    'parts_requests (staged)',
    `create unlogged table bench_gen.pr as
     select n, branch_id, owner, onsite + interval '1 hour' as requested, onsite + interval '1 hour' * (2 + 40 * bench_gen.r(n, 50)) as approved,
       onsite + interval '1 day' * (1 + 4 * bench_gen.r(n, 51)) as shipped, onsite + interval '1 day' * (3 + 22 * bench_gen.r(n, 52) ^ 2) as received
     from bench_gen.o where n % 20 = 7 and onsite is not null`,
  );
  await step(
    'parts_requests',
    `insert into parts_requests (id, version, deleted, branch_id, order_id, part_number, quantity, status, note, requested_by, created_at, updated_at)
     select bench_gen.id('9a9a', n), n, false, branch_id, bench_gen.id('d0d0', n), 'PCB-' || (n % 300), 1, st, '', owner, bench_gen.iso(requested),
       bench_gen.iso(case st when 'received' then received when 'shipped' then shipped when 'approved' then approved else requested end)
     from bench_gen.pr
     cross join lateral (select case when received < $1::timestamptz then 'received' when shipped < $1::timestamptz then 'shipped'
       when approved < $1::timestamptz then 'approved' else 'requested' end as st) s`,
    [now],
  );
  await step(
    'parts_request_steps',
    `insert into parts_request_steps (id, request_id, branch_id, status, reason, agent_id, at)
     select bench_gen.id('5e5' || s.k, n), bench_gen.id('9a9a', n), branch_id, s.status, '', owner, bench_gen.iso(s.at)
     from bench_gen.pr
     cross join lateral (values (1, 'requested', requested), (2, 'approved', approved), (3, 'shipped', shipped), (4, 'received', received)) s(k, status, at)
     where s.at < $1::timestamptz`,
    [now],
  );
  const indexing = Date.now();
  for (const index of indexes) await client.query(index.indexdef);
  seconds.indexes = Number(((Date.now() - indexing) / 1000).toFixed(1));
  console.log(`  indexes: ${seconds.indexes} s`);
  await step('analyze', 'analyze');
  const counts: Record<string, number> = {};
  for (const table of ['branches', 'agents', 'outlets', 'customers', 'products', 'service_orders', 'order_events', 'interactions', 'follow_ups', 'complaints', 'parts_requests', 'parts_request_steps']) {
    counts[table] = Number((await client.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
  }
  await client.query('drop schema bench_gen cascade');
  await client.query('set session_replication_role = origin');
  return { branches: branches.map((b) => ({ id: b.id, code: b.code })), agents, counts, seconds };
}
