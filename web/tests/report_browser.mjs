// Browser tests of report.html: runs geosim (run, sweep, compare) on real scenarios, opens each
// report from disk in headless Chromium through playwright-core, and checks that the charts hold
// the numbers of the CSV and GraphML files the same command wrote, also after switching the
// selected agent, indicator or quarter. Screenshots and the outputs stay in the --out folder.
//
//   node web/tests/report_browser.mjs --geosim build/release/geosim --out build/release/browser-tests-report
//
// ctest runs it (tests/CMakeLists.txt). Chromium: $GEOSIM_CHROMIUM, else /usr/bin/chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(web, '..');

function option(name) {
  const i = process.argv.indexOf('--' + name);
  if (i < 0 || i + 1 >= process.argv.length) {
    console.error(`usage: node report_browser.mjs --geosim GEOSIM --out DIR (missing --${name})`);
    process.exit(2);
  }
  return resolve(process.argv[i + 1]);
}

const geosim = option('geosim');
const out = option('out');
const chromiumPath = process.env.GEOSIM_CHROMIUM || '/usr/bin/chromium';

// The --out folder: new, empty, or one these tests wrote (it holds the marker). Only the entries
// the tests write are replaced; anything else in it stays.
const marker = '.geosim-report-browser-tests';
const written = ['run', 'sweep', 'compare', 'evil-run', 'evil-scenarios', 'run.png', 'sweep.png', 'compare.png',
                 'goods.png'];
if (existsSync(out)) {
  if (!statSync(out).isDirectory()) {
    console.error(`browser tests: --out ${out} is not a folder`);
    process.exit(2);
  }
  if (readdirSync(out).length > 0 && !existsSync(join(out, marker))) {
    console.error(`browser tests: --out ${out} is not empty and holds no ${marker} marker: give an empty or new folder`);
    process.exit(2);
  }
}

if (!existsSync(join(web, 'node_modules', 'playwright-core'))) {
  console.error('browser tests: web/node_modules/playwright-core is missing; run scripts/setup.sh (it runs npm ci in web/)');
  process.exit(1);
}
if (!existsSync(chromiumPath)) {
  console.error(`browser tests: no Chromium at ${chromiumPath}; run scripts/setup.sh (it installs Debian's chromium) ` +
                'or set GEOSIM_CHROMIUM to a Chromium binary');
  process.exit(1);
}
const { chromium } = await import(pathToFileURL(join(web, 'node_modules', 'playwright-core', 'index.mjs')).href);

// CSV as outputs/csv.cpp writes it: RFC 4180 quoting, '\n' line ends. Rows as objects.
function readCsv(file) {
  const text = readFileSync(file, 'utf8');
  const rows = [];
  let field = '', row = [], quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

// One column of the rows of (indicator, agent, partner, sector), by step, as numbers.
function column(rows, indicator, agent, partner, name, sector = '') {
  const out = [];
  for (const r of rows)
    if (r.indicator === indicator && r.agent === agent && r.partner === partner && r.sector === sector)
      out[Number(r.step)] = Number(r[name]);
  assert.ok(out.length > 0, `no rows of ${indicator} ${agent} ${partner} ${sector}`);
  return out;
}

function graphml(file) {
  const text = readFileSync(file, 'utf8');
  const nodes = [...text.matchAll(/<node id="([^"]+)">/g)].map((m) => m[1]);
  const edges = [...text.matchAll(/<edge source="([^"]+)" target="([^"]+)">\s*<data key="level">(\d+)<\/data>/g)]
    .map((m) => ({ source: m[1], target: m[2], level: Number(m[3]) }));
  return { nodes, edges };
}

function tiesFiles(dir) {
  return readdirSync(dir).filter((f) => /^ties-.*\.graphml$/.test(f)).sort().map((f) => join(dir, f));
}

function geosimRun(args) {
  execFileSync(geosim, [...args, '--quiet'], { cwd: source, stdio: ['ignore', 'ignore', 'inherit'] });
}

let browser;
const pageErrors = [];

async function open(dir) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(`${dir}: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`${dir}: console: ${m.text()}`); });
  await page.goto(pathToFileURL(join(dir, 'report.html')).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  return page;
}

// The option of the chart in #id, with series by id for convenience.
async function chart(page, id) {
  const option = await page.evaluate((id) => {
    const inst = echarts.getInstanceByDom(document.getElementById(id));
    if (!inst) return null;
    const o = inst.getOption();
    return { series: o.series.map((s) => ({ id: s.id, type: s.type, data: s.data, links: s.links })) };
  }, id);
  assert.ok(option, `no chart in #${id}`);
  option.byId = Object.fromEntries(option.series.map((s) => [s.id, s]));
  return option;
}

function values(data) {
  return data.map((d) => (d !== null && typeof d === 'object' ? d.value : d));
}

// The regions of a map series that carry a value.
function coloured(regions) {
  return regions.filter((d) => typeof d.value === 'number' && !Number.isNaN(d.value));
}

function close(actual, expected, what) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= 1e-9 * Math.max(1, Math.abs(expected[i])),
    `${what}[${i}]: ${a} != ${expected[i]}`));
}

// The pairs whose tie level differs between two GraphML files: Map of "A B" -> [level in
// `from`, level in `to`] (0 where the pair has no tie).
function tieChanges(from, to) {
  const key = (e) => (e.source < e.target ? `${e.source} ${e.target}` : `${e.target} ${e.source}`);
  const before = new Map(from.edges.map((e) => [key(e), e.level]));
  const after = new Map(to.edges.map((e) => [key(e), e.level]));
  const out = new Map();
  for (const [k, level] of after) if ((before.get(k) || 0) !== level) out.set(k, [before.get(k) || 0, level]);
  for (const [k, level] of before) if (!after.has(k)) out.set(k, [level, 0]);
  return out;
}

// The network in #id against the GraphML `file`, whose other date is `otherFile` (the run's
// first and last files): every node; the edges of level 2 and above and those whose level
// changed between the dates (all edges when `all`), the changed ones carrying the other date's
// level: the earlier one in `was` on the later network, the later one in `becomes` on the
// earlier network.
async function checkNetwork(page, id, file, otherFile, all = false) {
  const expected = graphml(file);
  const [a, b] = id.startsWith('ties-start') ? [expected, graphml(otherFile)] : [graphml(otherFile), expected];
  const moved = tieChanges(a, b);
  const o = await chart(page, id);
  const s = o.byId.ties;
  assert.equal(s.type, 'graph');
  assert.deepEqual(s.data.map((n) => n.id).sort(), [...expected.nodes].sort(), `${id}: nodes`);
  const pair = (e) => (e.source < e.target ? `${e.source} ${e.target}` : `${e.target} ${e.source}`);
  const key = (e) => `${e.source}-${e.target}-${e.level}`;
  const shown = expected.edges.filter((e) => all || e.level >= 2 || moved.has(pair(e)));
  assert.deepEqual(s.links.map((e) => key({ ...e, level: e.value })).sort(), shown.map(key).sort(), `${id}: edges`);
  const start = id.startsWith('ties-start');
  for (const e of s.links) {
    const change = moved.get(pair(e));
    assert.equal(e.was, change && !start ? change[0] : undefined, `${id}: ${pair(e)} was`);
    assert.equal(e.becomes, change && start ? change[1] : undefined, `${id}: ${pair(e)} becomes`);
  }
  return { ...expected, moved };
}

async function checkEvents(page, id, file) {
  const expected = readCsv(file);
  const rows = await page.$$eval(`#${id} tr`, (trs) => trs.slice(1).map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rows.length, expected.length, `${id}: one line per event`);
  rows.forEach((r, i) => assert.deepEqual(r, [expected[i].date, expected[i].kind, expected[i].detail], `${id} line ${i}`));
  return expected;
}

const dirs = { run: join(out, 'run'), sweep: join(out, 'sweep'), compare: join(out, 'compare'),
               evil: join(out, 'evil-run'), evilScenarios: join(out, 'evil-scenarios') };
// An agent name that would run script if a tooltip put it into the page as HTML.
const evilName = '<img src=x onerror="window.__injected=1">Brunei';

before(async () => {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, marker), 'Written by web/tests/report_browser.mjs, which replaces its own outputs here.\n');
  for (const name of written) rmSync(join(out, name), { recursive: true, force: true });
  geosimRun(['run', 'scenarios/thaad_style_sanctions.yaml', '--out', dirs.run]);
  geosimRun(['sweep', 'scenarios/thaad_style_sanctions.yaml', '--runs', '24', '--threads', '2', '--out', dirs.sweep]);
  geosimRun(['compare', 'scenarios/baseline.yaml', 'scenarios/thaad_style_sanctions.yaml', '--runs', '6',
             '--threads', '2', '--out', dirs.compare]);
  // The scenarios again, with Brunei's full name replaced by markup.
  cpSync(join(source, 'scenarios'), dirs.evilScenarios, { recursive: true });
  const agents = join(dirs.evilScenarios, 'world', 'agents.yaml');
  const text = readFileSync(agents, 'utf8');
  assert.ok(text.includes('name: Brunei Darussalam\n'));
  writeFileSync(agents, text.replace('name: Brunei Darussalam\n', `name: '${evilName}'\n`));
  geosimRun(['run', join(dirs.evilScenarios, 'thaad_style_sanctions.yaml'), '--out', dirs.evil]);
  // No sandbox: CI runs as root; /dev/shm is small in containers.
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
});

after(async () => {
  if (browser) await browser.close();
});

test('the report of a run charts the run\'s own numbers', async () => {
  const dir = dirs.run;
  const series = readCsv(join(dir, 'series.csv'));
  const last = series.reduce((m, r) => Math.max(m, Number(r.step)), 0);
  const page = await open(dir);

  // The fan chart opens on GDP of the economy the shocks target (KOR, China's target in the
  // THAAD-style file); switching agent and indicator redraws it.
  assert.equal(await page.inputValue('#fan-agent'), 'KOR');
  let fan = await chart(page, 'fan-0');
  const korGdp = column(series, 'gdp', 'KOR', '', 'value');
  assert.deepEqual(values(fan.byId.value.data), korGdp);
  await page.selectOption('#fan-agent', 'BRN');
  fan = await chart(page, 'fan-0');
  assert.deepEqual(values(fan.byId.value.data), column(series, 'gdp', 'BRN', '', 'value'));
  assert.notDeepEqual(korGdp, column(series, 'gdp', 'BRN', '', 'value'));
  await page.selectOption('#fan-agent', 'KOR');
  await page.selectOption('#fan-indicator', 'alignment');
  fan = await chart(page, 'fan-0');
  assert.deepEqual(values(fan.byId.value.data), column(series, 'alignment', 'KOR', '', 'value'));
  await page.selectOption('#fan-indicator', 'trade_share_CHN');
  fan = await chart(page, 'fan-0');
  assert.deepEqual(values(fan.byId.value.data), column(series, 'trade_share', 'KOR', 'CHN', 'value'));

  // ASEAN's shares by partner, stacked.
  const trade = await chart(page, 'blocs-trade-0');
  const partners = series.filter((r) => r.step === '0' && r.indicator === 'bloc_trade_share').map((r) => r.partner);
  assert.deepEqual(trade.series.map((s) => s.id), partners);
  for (const p of partners) assert.deepEqual(values(trade.byId[p].data), column(series, 'bloc_trade_share', 'ASEAN', p, 'value'));
  const fdi = await chart(page, 'blocs-fdi-0');
  assert.deepEqual(values(fdi.byId.CHN.data), column(series, 'bloc_fdi_share', 'ASEAN', 'CHN', 'value'));

  // The sankey holds the members' exports of the chosen quarter.
  let sankey = await chart(page, 'sankey-0');
  const link = (o, s, t) => o.byId.flows.links.find((l) => l.source === s && l.target === t + ' ');
  assert.equal(link(sankey, 'IDN', 'CHN').value, column(series, 'trade', 'IDN', 'CHN', 'value')[last]);
  assert.equal(link(sankey, 'VNM', 'USA').value, column(series, 'trade', 'VNM', 'USA', 'value')[last]);
  const members = series.filter((r) => r.step === '0' && r.indicator === 'gdp' && !partners.includes(r.agent)).map((r) => r.agent);
  assert.equal(sankey.byId.flows.links.length, members.length * partners.length);
  await page.selectOption('#flow-quarter', '0');
  sankey = await chart(page, 'sankey-0');
  assert.equal(link(sankey, 'IDN', 'CHN').value, column(series, 'trade', 'IDN', 'CHN', 'value')[0]);

  // Networks at the start and the end, as the GraphML files have them.
  const [startFile, endFile] = [tiesFiles(dir)[0], tiesFiles(dir).at(-1)];
  await checkNetwork(page, 'ties-start-0', startFile, endFile);
  const end = await checkNetwork(page, 'ties-end-0', endFile, startFile);
  assert.ok(end.nodes.includes('KOR') && end.edges.length > 10);
  assert.ok(end.moved.size > 0, 'the run changes some ties, so some edges are marked');
  // Level 1 ties are hidden by default: the default world has dialogue ties on most pairs.
  const hidden = end.edges.filter((e) => e.level < 2).length;
  assert.ok(hidden > 10, `dialogue ties in the file: ${hidden}`);
  assert.ok((await chart(page, 'ties-end-0')).byId.ties.links.length < end.edges.length);
  // The control shows them all, and hides them again.
  await page.check('#ties-all');
  await checkNetwork(page, 'ties-start-0', startFile, endFile, true);
  await checkNetwork(page, 'ties-end-0', endFile, startFile, true);
  await page.uncheck('#ties-all');
  await checkNetwork(page, 'ties-end-0', endFile, startFile);

  // The map colours every agent with a shape by its alignment at the chosen quarter.
  const mapped = ['BRN', 'KHM', 'IDN', 'LAO', 'MYS', 'MMR', 'PHL', 'SGP', 'THA', 'VNM', 'TLS', 'JPN', 'KOR', 'TWN', 'CHN'];
  // (ECharts lists every region of the map; the grey neighbours have no value.)
  let map = await chart(page, 'map-0');
  const regions = map.byId.alignment.data;
  assert.deepEqual(coloured(regions).map((d) => d.name).sort(), [...mapped].sort());
  for (const name of ['Mongolia', 'North Korea', 'Papua New Guinea'])
    assert.ok(regions.some((d) => d.name === name), `the map shows ${name}`);
  for (const d of coloured(regions)) assert.equal(d.value, column(series, 'alignment', d.name, '', 'value')[last]);
  await page.selectOption('#map-quarter', '0');
  map = await chart(page, 'map-0');
  for (const d of coloured(map.byId.alignment.data)) assert.equal(d.value, column(series, 'alignment', d.name, '', 'value')[0]);

  // The timeline is events.csv, line for line; the headline lists the shocks in its words.
  const events = await checkEvents(page, 'events-0', join(dir, 'events.csv'));
  const shocks = await page.$$eval('#shocks li', (lis) => lis.map((li) => li.textContent));
  assert.deepEqual(shocks, events.filter((e) => e.kind === 'shock').map((e) => e.detail));
  assert.match(shocks[0], /^thaad: CHN restricts imports from KOR/);

  await page.selectOption('#fan-indicator', 'gdp');
  await page.selectOption('#flow-quarter', String(last));
  await page.selectOption('#map-quarter', String(last));
  await page.screenshot({ path: join(out, 'run.png'), fullPage: true });
  await page.close();
});

test('the report of a sweep charts percentiles from summary.csv and the representative run', async () => {
  const dir = dirs.sweep;
  const summary = readCsv(join(dir, 'summary.csv'));
  const last = summary.reduce((m, r) => Math.max(m, Number(r.step)), 0);
  const page = await open(dir);

  assert.equal(await page.inputValue('#fan-agent'), 'KOR', 'the sweep report opens on the targeted economy');
  for (const agent of ['BRN', 'PHL']) {
    await page.selectOption('#fan-agent', agent);
    const fan = await chart(page, 'fan-0');
    assert.deepEqual(values(fan.byId.median.data), column(summary, 'gdp', agent, '', 'p50'));
    assert.deepEqual(values(fan.byId['p05-p95-lo'].data), column(summary, 'gdp', agent, '', 'p05'));
    assert.deepEqual(values(fan.byId['p25-p75-lo'].data), column(summary, 'gdp', agent, '', 'p25'));
    const p95 = column(summary, 'gdp', agent, '', 'p95');
    const p05 = column(summary, 'gdp', agent, '', 'p05');
    close(values(fan.byId['p05-p95-width'].data), p95.map((v, i) => v - p05[i]), `${agent} 90% band`);
  }
  // The bands are not empty: the shock's size is drawn per run.
  await page.selectOption('#fan-agent', 'KOR');
  const kor = await chart(page, 'fan-0');
  const width = values(kor.byId['p05-p95-width'].data);
  assert.ok(width[last] > 0, 'KOR GDP varies over the runs');

  const trade = await chart(page, 'blocs-trade-0');
  assert.deepEqual(values(trade.byId.USA.data), column(summary, 'bloc_trade_share', 'ASEAN', 'USA', 'p50'));

  const map = await chart(page, 'map-0');
  assert.equal(coloured(map.byId.alignment.data).length, 15);
  for (const d of coloured(map.byId.alignment.data)) assert.equal(d.value, column(summary, 'alignment', d.name, '', 'p50')[last]);

  // Events, networks and flows come from the representative run the sweep wrote.
  const rep = join(dir, 'representative-run');
  const runId = JSON.parse(readFileSync(join(rep, 'manifest.json'), 'utf8')).run_id;
  const note = await page.textContent('#events .note');
  assert.ok(note.includes(`representative run (run ${runId})`), note);
  await checkEvents(page, 'events-0', join(rep, 'events.csv'));
  await checkNetwork(page, 'ties-end-0', tiesFiles(rep).at(-1), tiesFiles(rep)[0]);
  const repSeries = readCsv(join(rep, 'series.csv'));
  const sankey = await chart(page, 'sankey-0');
  const link = sankey.byId.flows.links.find((l) => l.source === 'THA' && l.target === 'CHN ');
  assert.equal(link.value, column(repSeries, 'trade', 'THA', 'CHN', 'value')[last]);

  await page.selectOption('#fan-agent', 'KOR');
  await page.screenshot({ path: join(out, 'sweep.png'), fullPage: true });
  await page.close();
});

test('the report of a comparison shows both sides and their paired difference', async () => {
  const dir = dirs.compare;
  const rows = readCsv(join(dir, 'compare.csv'));
  const page = await open(dir);

  assert.equal(await page.inputValue('#fan-agent'), 'KOR', 'the comparison opens on the targeted economy');
  const base = await chart(page, 'fan-0');
  const alt = await chart(page, 'fan-1');
  const diff = await chart(page, 'fan-diff');
  assert.deepEqual(values(base.byId.value.data), column(rows, 'gdp', 'KOR', '', 'base'));
  assert.deepEqual(values(alt.byId.value.data), column(rows, 'gdp', 'KOR', '', 'alt'));
  assert.deepEqual(values(diff.byId.diff.data), column(rows, 'gdp', 'KOR', '', 'diff'));
  assert.deepEqual(values(diff.byId['interval-lo'].data), column(rows, 'gdp', 'KOR', '', 'diff_lo'));
  const d = column(rows, 'gdp', 'KOR', '', 'diff');
  assert.ok(Math.min(...d) < 0, 'the sanctions cost Korea GDP in some quarter');
  // BASE and ALT share one y scale, which holds both lines: the lowest and highest value of
  // either side lie within it, and it reaches at most one round step beyond them at each end (a
  // step is at least a fifth of the span and at most 2.5 times that: half the span). Korea's
  // alignment moves under the sanctions while the baseline's hardly does, so scales fitted to
  // each line alone would differ.
  await page.selectOption('#fan-indicator', 'alignment');
  const extents = await page.evaluate(() => ['fan-0', 'fan-1'].map((id) =>
    echarts.getInstanceByDom(document.getElementById(id)).getModel().getComponent('yAxis').axis.scale.getExtent()));
  assert.deepEqual(extents[0], extents[1], 'BASE and ALT charts share their y scale');
  const both = [...column(rows, 'alignment', 'KOR', '', 'base'), ...column(rows, 'alignment', 'KOR', '', 'alt')];
  const [lo, hi] = [Math.min(...both), Math.max(...both)];
  assert.ok(extents[0][0] <= lo && extents[0][1] >= hi, `the scale ${extents[0]} holds ${lo} to ${hi}`);
  assert.ok(lo - extents[0][0] <= (hi - lo) / 2 && extents[0][1] - hi <= (hi - lo) / 2, 'the scale is not padded beyond a step');
  await page.selectOption('#fan-indicator', 'gdp');

  // The headline's largest changes are the first five lines of summary.txt's table.
  const summary = readFileSync(join(dir, 'summary.txt'), 'utf8').split('\n');
  const top = summary.slice(summary.findIndex((l) => l.trim().startsWith('indicator')) + 1).slice(0, 5)
    .map((l) => l.trim().split(/\s+/));
  const changes = await page.$$eval('#changes tr', (trs) => trs.slice(1).map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(changes.length, 5);
  changes.forEach((c, i) => {
    assert.equal(c[0], top[i][0], `change ${i}: indicator`);
    assert.equal(c[1], top[i][1], `change ${i}: agent`);
    const rest = top[i].slice(c[2] ? 3 : 2);
    if (c[2]) assert.equal(c[2], top[i][2], `change ${i}: partner`);
    assert.equal(c[3], rest[0], `change ${i}: peak quarter`);
    assert.equal(c[7], rest[4], `change ${i}: change`);
  });
  // The first effect is the target's (Korea's), at a quarter of compare.csv where its interval
  // excludes zero.
  assert.equal(changes[0][1], 'KOR');
  const peak = rows.find((r) => r.indicator === changes[0][0] && r.agent === 'KOR' && r.partner === changes[0][2] &&
                                r.sector === '' && r.date === changes[0][3]);
  assert.ok(peak, 'the peak quarter is a date of compare.csv');
  assert.ok(Number(peak.diff_lo) > 0 || Number(peak.diff_hi) < 0, 'the interval at the peak excludes zero');

  // Each side's run 0: its events and its networks.
  await checkEvents(page, 'events-0', join(dir, 'base-run', 'events.csv'));
  const altEvents = await checkEvents(page, 'events-1', join(dir, 'alt-run', 'events.csv'));
  assert.ok(altEvents.some((e) => e.kind === 'shock'));
  await checkNetwork(page, 'ties-end-0', tiesFiles(join(dir, 'base-run')).at(-1), tiesFiles(join(dir, 'base-run'))[0]);
  await checkNetwork(page, 'ties-end-1', tiesFiles(join(dir, 'alt-run')).at(-1), tiesFiles(join(dir, 'alt-run'))[0]);
  const shocks = await page.$$eval('#shocks li', (lis) => lis.map((li) => li.textContent));
  assert.deepEqual(shocks, altEvents.filter((e) => e.kind === 'shock').map((e) => e.detail));

  await page.screenshot({ path: join(out, 'compare.png'), fullPage: true });
  await page.close();
});

test('the goods selectors switch the trade charts between all goods and one group', async () => {
  const dir = dirs.run;
  const series = readCsv(join(dir, 'series.csv'));
  const last = series.reduce((m, r) => Math.max(m, Number(r.step)), 0);
  const groups = [...new Set(series.filter((r) => r.indicator === 'sector_trade').map((r) => r.sector))];
  assert.deepEqual(groups, ['AGF', 'ENE', 'MIN', 'CHM', 'TEX', 'WOD', 'ELE', 'MAC', 'VEH', 'OTH']);
  const page = await open(dir);
  // Both selectors: all goods (the default), then the world's groups in its order.
  const options = async (id) => page.$$eval(`#${id} option`, (os) => os.map((o) => [o.value, o.textContent]));
  for (const id of ['flow-sector', 'blocs-sector']) {
    assert.deepEqual(await options(id), [['', 'all goods'], ...groups.map((g) => [g, g])]);
    assert.equal(await page.inputValue('#' + id), '');
  }

  // The flow diagram: all goods (trade) first, then one group (sector_trade), in the same quarter.
  const link = (o, s, t) => o.byId.flows.links.find((l) => l.source === s && l.target === t + ' ');
  let sankey = await chart(page, 'sankey-0');
  const all = link(sankey, 'VNM', 'USA').value;
  assert.equal(all, column(series, 'trade', 'VNM', 'USA', 'value')[last]);
  await page.selectOption('#flow-sector', 'ELE');
  sankey = await chart(page, 'sankey-0');
  const ele = link(sankey, 'VNM', 'USA').value;
  assert.equal(ele, column(series, 'sector_trade', 'VNM', 'USA', 'value', 'ELE')[last]);
  assert.ok(ele > 0 && ele < all, `VNM's electronics exports to the US (${ele}) are part of its exports there (${all})`);
  let sum = 0;
  for (const g of groups) {
    await page.selectOption('#flow-sector', g);
    sankey = await chart(page, 'sankey-0');
    const l = link(sankey, 'VNM', 'USA');
    sum += l ? l.value : 0;
  }
  close([sum], [all], 'the groups add up to all goods');
  // The quarter selector keeps the group.
  await page.selectOption('#flow-quarter', '0');
  sankey = await chart(page, 'sankey-0');
  assert.equal(link(sankey, 'VNM', 'USA').value, column(series, 'sector_trade', 'VNM', 'USA', 'value', 'OTH')[0]);
  await page.selectOption('#flow-quarter', String(last));

  // ASEAN's trade by partner: bloc_trade_share, then bloc_sector_trade_share of the group.
  let trade = await chart(page, 'blocs-trade-0');
  const usa = values(trade.byId.USA.data);
  assert.deepEqual(usa, column(series, 'bloc_trade_share', 'ASEAN', 'USA', 'value'));
  await page.selectOption('#blocs-sector', 'ELE');
  trade = await chart(page, 'blocs-trade-0');
  const usaEle = values(trade.byId.USA.data);
  assert.deepEqual(usaEle, column(series, 'bloc_sector_trade_share', 'ASEAN', 'USA', 'value', 'ELE'));
  assert.notDeepEqual(usaEle, usa);
  await page.selectOption('#flow-sector', 'ELE');
  await page.screenshot({ path: join(out, 'goods.png'), fullPage: true });
  await page.close();
});

test('a comparison\'s flow diagram shows each side\'s means of the chosen group', async () => {
  const dir = dirs.compare;
  const rows = readCsv(join(dir, 'compare.csv'));
  const last = rows.reduce((m, r) => Math.max(m, Number(r.step)), 0);
  const page = await open(dir);
  await page.selectOption('#flow-sector', 'ELE');
  for (const [i, side] of [[0, 'base'], [1, 'alt']]) {
    const sankey = await chart(page, 'sankey-' + i);
    const l = sankey.byId.flows.links.find((x) => x.source === 'VNM' && x.target === 'CHN ');
    assert.equal(l.value, column(rows, 'sector_trade', 'VNM', 'CHN', side, 'ELE')[last], side);
  }
  await page.close();
});

test('a name from the world file shows as text in the network tooltip, not as markup', async () => {
  const page = await open(dirs.evil);
  const shown = await page.evaluate(async () => {
    const el = document.getElementById('ties-end-0');
    const inst = echarts.getInstanceByDom(el);
    const index = inst.getOption().series[0].data.findIndex((n) => n.id === 'BRN');
    inst.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: index });
    await new Promise((r) => setTimeout(r, 500));
    const tips = [...el.querySelectorAll('div')].filter((d) => d.textContent.includes('GDP'));
    return { text: tips.map((d) => d.textContent), images: el.querySelectorAll('img').length,
             injected: window.__injected === 1 };
  });
  assert.ok(shown.text.some((t) => t.startsWith('<img src=x onerror="window.__injected=1">Brunei: GDP ')),
            `tooltip: ${JSON.stringify(shown.text)}`);
  assert.equal(shown.images, 0);
  assert.equal(shown.injected, false);
  await page.close();
});

// The headline as the page shows it: the title, the facts (term -> text) and the shock lists.
async function headlineOf(page) {
  return page.evaluate(() => ({
    title: document.querySelector('h1').textContent,
    facts: Object.fromEntries([...document.querySelectorAll('#headline dl.facts dt')]
      .map((dt) => [dt.textContent, dt.nextElementSibling.textContent])),
    shocks: [...document.querySelectorAll('#shocks li')].map((li) => li.textContent),
    baseShocks: [...document.querySelectorAll('#shocks-base li')].map((li) => li.textContent),
  }));
}

const manifestOf = (dir) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const stem = (path) => path.split('/').pop().replace(/\.yaml$/, '');
// The shocks a run's manifest drew values for ("thaad.tourism_cut" -> "thaad"), in its order.
const drawnShocks = (m) => [...new Set(Object.keys(m.draws || {}).map((k) => k.split('.')[0]))];

test('the headline of each kind of report says what its manifest.json says', async () => {
  for (const kind of ['run', 'sweep', 'compare']) {
    const dir = dirs[kind];
    const m = manifestOf(dir);
    const page = await open(dir);
    const h = await headlineOf(page);
    assert.ok(!/undefined|null|NaN/.test(JSON.stringify(h)), `${kind}: ${JSON.stringify(h)}`);
    assert.equal(h.facts.seed, String(m.seed), `${kind}: seed`);
    // Each shock line starts with the shock's name; the ones with drawn values are listed.
    const named = (list) => list.map((line) => line.split(':')[0]);
    if (kind === 'compare') {
      assert.equal(h.title, `geosim report: ${stem(m.alt.scenario_path)} against ${stem(m.base.scenario_path)}`);
      assert.equal(h.facts['baseline (BASE)'], m.base.scenario_path);
      assert.equal(h.facts['alternative (ALT)'], m.alt.scenario_path);
      assert.equal(h.facts.runs, String(m.runs));
      assert.deepEqual(h.baseShocks, ['none']);
      const alt = manifestOf(join(dir, 'alt-run'));
      assert.ok(drawnShocks(alt).length > 0);
      for (const name of drawnShocks(alt)) assert.ok(named(h.shocks).includes(name), `compare: shock ${name}`);
    } else {
      assert.equal(h.title, `geosim report: ${stem(m.scenario_path)}`);
      assert.equal(h.facts.scenario, m.scenario_path);
      const run = kind === 'run' ? m : manifestOf(join(dir, 'representative-run'));
      if (kind === 'run') assert.equal(h.facts.run, String(m.run_id));
      else assert.equal(h.facts.runs, `${m.runs} (${m.design} design)`);
      assert.ok(drawnShocks(run).length > 0);
      for (const name of drawnShocks(run)) assert.ok(named(h.shocks).includes(name), `${kind}: shock ${name}`);
    }
    await page.close();
  }
});

test('no report raised a script error', () => {
  assert.deepEqual(pageErrors, []);
});
