// Browser test of the dashboard (geosim serve), run by ctest:
//   node web/tests/dashboard.test.mjs GEOSIM_BINARY ARTIFACT_DIR
// Starts the real server on a free port, drives Debian's Chromium headless with playwright-core
// (GEOSIM_CHROMIUM overrides /usr/bin/chromium), and checks that the charts hold the numbers the
// JSON API gives for the same request, that a run steps quarter by quarter with its events, and
// that the downloaded YAML passes `geosim validate`. Screenshots go to ARTIFACT_DIR. Prints the
// time from pressing "Run sweep" to the charts holding the new data; asserts no limit on it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { pick, post, startServer } from './serve_helpers.mjs';

const [geosim, artifacts] = process.argv.slice(2);
if (!geosim || !artifacts) throw new Error('usage: node dashboard.test.mjs GEOSIM_BINARY ARTIFACT_DIR');
const source = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const chromiumPath = process.env.GEOSIM_CHROMIUM || '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.error(`dashboard test: no Chromium at ${chromiumPath}; run scripts/setup.sh (it installs Debian's chromium) ` +
                'or set GEOSIM_CHROMIUM to a Chromium binary');
  process.exit(1);
}
mkdirSync(artifacts, { recursive: true });

const SCENARIO = 'taiwan_strait_blockade';
const EDITS = { war_risk: { enabled: false }, strait_closed: { values: { duration: 6 } } };

const { server, base } = await startServer(geosim, source);
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1300 }, acceptDownloads: true });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The refused date below answers 400 on purpose, and the replaced sweep 409; any other failed
  // load or script error counts.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (400 \(Bad Request\)|409 \(Conflict\))/.test(m.text())) pageErrors.push(m.text());
  });
  const sweepAnswers = [];
  page.on('response', (res) => {
    if (new URL(res.url()).pathname === '/api/sweep') sweepAnswers.push(`${new URL(res.url()).search} ${res.status()}`);
  });
  await page.goto(base + '/');
  await page.waitForFunction(() => window.geosimDashboard && window.geosimDashboard.ready);
  await page.selectOption('#scenario', SCENARIO);

  // Before the first sweep each chart box says what will appear there, not a blank.
  assert.match(await page.evaluate(() => getComputedStyle(document.getElementById('chart-asean'), '::before').content),
               /Run sweep/);
  // Shock inputs are labelled in words, with the argument's path in the tooltip.
  const label = (shock, path) => page.evaluate(([sh, p]) => {
    const l = document.querySelector(`label[for="field-${sh}-${p}"]`);
    return [l.textContent, l.title];
  }, [shock, path]);
  assert.deepEqual(await label('strait_closed', 'duration'), ['lasts (quarters)', 'duration']);
  assert.deepEqual(await label('war_risk', 'tax.uniform[0]'), ['sea-lane cost rise (share), low', 'tax.uniform[0]']);
  assert.deepEqual(await label('war_risk', 'tax.uniform[1]'), ['sea-lane cost rise (share), high', 'tax.uniform[1]']);

  // A facilitator switches the war-risk premium off and holds the blockade for six quarters.
  await page.uncheck('#shock-war_risk');
  await page.fill('#runs', '200');
  // Choosing a scenario starts a sweep of the baseline in the background (the server remembers
  // it). The first press comes at once, so it waits for that; the second, after another edit,
  // sweeps the scenario alone. Both times are printed, not asserted.
  const press = async (count, label) => {
    const t0 = Date.now();
    await page.click('#run');
    await page.waitForFunction((n) => window.geosimDashboard.sweeps === n, count, { timeout: 300000 });
    const inPage = await page.evaluate(() => window.geosimDashboard.runToChartMs);
    console.log(`run to charts updated, 200 runs, ${label}: ${Date.now() - t0} ms (page's own measure ${Math.round(inPage)} ms)`);
  };
  await page.fill('input[data-shock="strait_closed"][data-path="duration"]', '8');
  await press(1, 'pressed at once, baseline still being swept');
  await page.fill('input[data-shock="strait_closed"][data-path="duration"]', '6');
  await press(2, 'baseline ready');
  await page.screenshot({ path: join(artifacts, 'dashboard-sweep.png'), fullPage: true });
  // The charts match the inputs: no stale note. Every chart can be saved as PNG.
  assert.equal(await page.isHidden('#stale'), true);
  const savable = await page.evaluate(() => ['chart-asean', 'chart-trade', 'chart-agents', 'chart-tension', 'map',
                                              'chart-focus-gdp', 'chart-focus-trade', 'chart-focus-visitors']
    .map((id) => !!echarts.getInstanceByDom(document.getElementById(id)).getOption().toolbox[0].feature.saveAsImage));
  assert.deepEqual(savable, [true, true, true, true, true, true, true, true]);

  // The charts hold what the API gives for the same request (the baseline comes from the cache,
  // so it is the same sweep).
  const api = await post(base, '/api/sweep', { scenario: SCENARIO, runs: 200, baseline: true, shocks: EDITS });
  const shown = await page.evaluate(() => {
    const opt = (id) => echarts.getInstanceByDom(document.getElementById(id)).getOption();
    const data = (id, series) => opt(id).series.find((s) => s.id === series).data;
    return {
      median: data('chart-asean', 'median'), p05: data('chart-asean', 'p05-p95-lo'),
      p25: data('chart-asean', 'p25-p75-lo'), baseline: data('chart-asean', 'baseline'),
      tradeCHN: data('chart-trade', 'trade-CHN'), tradeUSAbase: data('chart-trade', 'baseline-USA'),
      agents: data('chart-agents', 'scenario'), agentNames: opt('chart-agents').xAxis[0].data,
      agentsBase: data('chart-agents', 'baseline'),
      tension: data('chart-tension', 'scarborough'),
      map: opt('map').series[0].data,
      summary: document.getElementById('summary').textContent,
      effects: [...document.querySelectorAll('#effects li')].map((li) => li.textContent),
    };
  });
  const bloc = pick(api, 'asean_alignment');
  assert.equal(api.scenario, 'taiwan_strait_blockade_edited');
  assert.deepEqual(shown.median, bloc.p50);
  assert.deepEqual(shown.p05, bloc.p05);
  assert.deepEqual(shown.p25, bloc.p25);
  assert.deepEqual(shown.baseline, pick(api.baseline, 'asean_alignment').p50);
  assert.deepEqual(shown.tradeCHN, pick(api, 'bloc_trade_share', bloc.agent, 'CHN').p50);
  assert.deepEqual(shown.tradeUSAbase, pick(api.baseline, 'bloc_trade_share', bloc.agent, 'USA').p50);
  assert.deepEqual(shown.tension, pick(api, 'zone_tension', 'scarborough').p50);
  const last = api.dates.length - 1;
  const agents = api.series.filter((s) => s.indicator === 'alignment');
  assert.deepEqual(shown.agentNames, agents.map((s) => s.agent));
  assert.deepEqual(shown.agents, agents.map((s) => s.p50[last]));
  assert.deepEqual(shown.agentsBase, agents.map((s) => pick(api.baseline, 'alignment', s.agent).p50[last]));
  // ECharts lists every region of the map; the agents' carry the medians, the neighbours none.
  const onMap = shown.map.filter((d) => pick(api, 'alignment', d.name));
  assert.equal(onMap.length, 15);
  for (const d of onMap) assert.equal(d.value, pick(api, 'alignment', d.name).p50[last], d.name);
  assert.match(shown.summary, /^taiwan_strait_blockade_edited: 200 runs \(seed 20270101\) in /);
  // The largest effects against the baseline, each at its peak quarter, as the API ranks them.
  assert.equal(api.effects.length, 5);
  assert.deepEqual(shown.effects, api.effects.map((e) =>
    `${e.indicator} ${e.partner ? e.agent + ' ' + e.partner : e.agent}: ${e.change} at ${e.peak}`));
  assert.ok(shown.effects.some((t) => t.includes('TWN')), shown.effects.join('; '));
  // The targeted economy's panel: the blockade closes Taiwan's ports and names no sender, so
  // Taiwan's trade and visitors are shown with the two poles, China first.
  const values = (id) => page.$$eval(`#${id} option`, (os) => os.map((o) => o.value));
  assert.deepEqual(await values('focus-economy'), ['TWN']);
  assert.deepEqual(await values('focus-partner'), ['CHN', 'USA']);
  assert.equal(await page.textContent('#focus-note'),
               'Targets of the shocks: TWN; no shock names a sender, so trade and visitors are with CHN, USA.');
  const focusSeries = (id) => page.evaluate((i) => Object.fromEntries(
    echarts.getInstanceByDom(document.getElementById(i)).getOption().series.map((s) => [s.id, s.data])), id);
  assert.deepEqual((await focusSeries('chart-focus-gdp')).gdp, pick(api, 'gdp', 'TWN', '').p50);
  assert.deepEqual((await focusSeries('chart-focus-trade')).exports, pick(api, 'trade', 'TWN', 'CHN').p50);
  await page.selectOption('#focus-partner', 'USA');
  const withUsa = await focusSeries('chart-focus-trade');
  assert.deepEqual(withUsa.exports, pick(api, 'trade', 'TWN', 'USA').p50);
  assert.deepEqual(withUsa['baseline-imports'], pick(api.baseline, 'trade', 'USA', 'TWN').p50);
  // The edits reached the sweep: the file as it is gives other numbers.
  const unedited = await post(base, '/api/sweep', { scenario: SCENARIO, runs: 200 });
  assert.notDeepEqual(pick(unedited, 'bloc_trade_share', bloc.agent, 'CHN').p50, shown.tradeCHN);
  // The trade chart's goods selector: all goods (the default), then the world's groups. A group
  // switches the chart to the bloc's shares of that group's trade, baseline included, and back.
  const groups = [...new Set(api.series.filter((s) => s.indicator === 'bloc_sector_trade_share').map((s) => s.sector))];
  assert.deepEqual(groups, ['AGF', 'ENE', 'MIN', 'CHM', 'TEX', 'WOD', 'ELE', 'MAC', 'VEH', 'OTH']);
  const goods = await page.$$eval('#trade-sector option', (os) => os.map((o) => [o.value, o.textContent]));
  assert.deepEqual(goods, [['', 'all goods'], ...groups.map((g) => [g, g])]);
  assert.equal(await page.inputValue('#trade-sector'), '');
  const trade = () => page.evaluate(() => {
    const o = echarts.getInstanceByDom(document.getElementById('chart-trade')).getOption();
    return { title: o.title[0].text, ...Object.fromEntries(o.series.map((s) => [s.id, s.data])) };
  });
  await page.selectOption('#trade-sector', 'ELE');
  const ele = await trade();
  assert.deepEqual(ele['trade-USA'], pick(api, 'bloc_sector_trade_share', bloc.agent, 'USA', 'ELE').p50);
  assert.deepEqual(ele['baseline-CHN'], pick(api.baseline, 'bloc_sector_trade_share', bloc.agent, 'CHN', 'ELE').p50);
  assert.notDeepEqual(ele['trade-USA'], pick(api, 'bloc_trade_share', bloc.agent, 'USA').p50);
  assert.match(ele.title, / in ELE /);
  await page.screenshot({ path: join(artifacts, 'dashboard-goods.png'), fullPage: true });
  await page.selectOption('#trade-sector', '');
  assert.deepEqual((await trade())['trade-USA'], pick(api, 'bloc_trade_share', bloc.agent, 'USA').p50);

  // Pressed again while its sweep runs, "Run sweep" replaces it: the server cancels the running
  // sweep and answers it 409, which the page takes quietly, and the newer press draws. (Without
  // the baseline, so that no sweep of it is queued in between.)
  await page.uncheck('#baseline');
  await page.fill('#runs', '2000');
  sweepAnswers.length = 0;
  await page.click('#run');
  for (let running = false; !running;) {
    const s = await (await fetch(`${base}/api/status`)).json();
    running = s.busy && s.total === 2000 && s.done > 0;
    if (!running) await new Promise((ok) => setTimeout(ok, 20));
  }
  await page.fill('#runs', '200');
  await page.click('#run');
  await page.waitForFunction(() => window.geosimDashboard.sweeps === 3, null, { timeout: 300000 });
  assert.deepEqual(sweepAnswers, [' 409', '?replace=true 200']);
  assert.match(await page.textContent('#status'), /^done in /);
  assert.equal(await page.evaluate(() => document.getElementById('status').className), '');
  assert.match(await page.textContent('#summary'), /^taiwan_strait_blockade_edited: 200 runs \(seed 20270101\) in /);
  assert.equal(await page.isHidden('#stale'), true);
  await page.check('#baseline');

  // A date before the start is refused with the located message, shown on the page.
  await page.fill('input[data-shock="strait_closed"][data-path="at"]', '2024Q4');
  await page.click('#run');
  await page.waitForSelector('#status.error');
  assert.equal(await page.textContent('#status'),
               "taiwan_strait_blockade.yaml:17:9: shocks[0].at: date 2024Q4 is not after the scenario's start 2025Q1 " +
               '(shocks act from 2025Q2)');
  assert.equal(await page.evaluate(() => window.geosimDashboard.sweeps), 3);
  // The charts of the last good sweep stay, marked as no longer matching the inputs.
  assert.equal(await page.isVisible('#stale'), true);
  assert.match(await page.textContent('#stale'),
               /^These charts show the last sweep \(taiwan_strait_blockade_edited, 200 runs\); the last request was refused \(above\)\./);
  // The one-run charts, drawn from the inputs as they are, are not dimmed with the sweep's.
  assert.equal(await page.evaluate(() => document.getElementById('sweep-section').classList.contains('stale')), true);
  await page.fill('input[data-shock="strait_closed"][data-path="at"]', '2027Q1');

  // Download the what-if: saved in (a copy of) the scenario library, where it belongs, geosim
  // validate accepts it as it is.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  assert.equal(download.suggestedFilename(), 'taiwan_strait_blockade_edited.yaml');
  const library = join(artifacts, 'library');
  rmSync(library, { recursive: true, force: true });
  cpSync(join(source, 'scenarios'), library, { recursive: true });
  const file = join(library, 'taiwan_strait_blockade_edited.yaml');
  await download.saveAs(file);
  const yaml = readFileSync(file, 'utf8');
  assert.match(yaml, /^# {3}switched off: war_risk$/m);
  assert.match(yaml, /^ {4}duration: 6$/m);
  assert.doesNotMatch(yaml, /name: war_risk/);
  assert.match(yaml, /^world: world\/default\.yaml$/m);
  const validated = execFileSync(geosim, ['validate', file], { encoding: 'utf8' });
  assert.equal(validated, `${file}: ok (scenario 'taiwan_strait_blockade_edited', 18 agents, 2025Q1 + 40 quarters)\n`);

  // Step through run 2: play a few quarters, pause, and compare with the API's run.
  await page.fill('#run-id', '2');
  await page.click('#load-run');
  await page.waitForFunction(() => window.geosimDashboard.runs === 1);
  const run = await post(base, '/api/run', { scenario: SCENARIO, run: 2, shocks: EDITS });
  assert.equal(await page.textContent('#step-date'), `2025Q1 (quarter 0 of ${last})`);
  await page.click('#play');
  await page.waitForFunction(() => window.geosimDashboard.step >= 12, null, { timeout: 60000 });
  await page.click('#play');
  const step = await page.evaluate(() => window.geosimDashboard.step);
  await page.waitForTimeout(800);
  assert.equal(await page.evaluate(() => window.geosimDashboard.step), step, 'paused');
  const seen = await page.evaluate(() => ({
    map: echarts.getInstanceByDom(document.getElementById('run-map')).getOption().series[0].data,
    line: echarts.getInstanceByDom(document.getElementById('run-line')).getOption().series[0].data,
    narrative: [...document.querySelectorAll('#narrative li')].map((li) => li.textContent),
  }));
  const runOnMap = seen.map.filter((d) => pick(run, 'alignment', d.name));
  assert.equal(runOnMap.length, 15);
  for (const d of runOnMap) assert.equal(d.value, pick(run, 'alignment', d.name).values[step], d.name);
  assert.deepEqual(seen.line, pick(run, 'asean_alignment').values.slice(0, step + 1));
  const expected = run.events.filter((e) => e.step <= step).map((e) => `${e.date} ${e.kind}: ${e.detail}`);
  assert.deepEqual(seen.narrative, expected);
  assert.ok(expected.some((e) => e.includes(' shock: strait_closed')), 'the blockade is in the narrative');
  await page.screenshot({ path: join(artifacts, 'dashboard-run.png'), fullPage: true });

  assert.deepEqual(pageErrors, []);
  console.log(`screenshots: ${join(artifacts, 'dashboard-sweep.png')}, ${join(artifacts, 'dashboard-run.png')}`);

} finally {
  await browser.close();
  server.kill('SIGTERM');
}
