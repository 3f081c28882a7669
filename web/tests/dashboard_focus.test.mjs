// Browser test of the dashboard on a projector-sized screen (1280 x 720), run by ctest:
//   node web/tests/dashboard_focus.test.mjs GEOSIM_BINARY ARTIFACT_DIR
// A facilitator picks the THAAD-style scenario and runs a sweep against the baseline. Checks
// that the panel of the targeted economy opens on Korea and its trade and visitors with China,
// each chart holding the API's medians for the scenario and the baseline; that the tension chart
// and the map carry the baseline too; and that at 1280 x 720 no chart's legend overlaps its
// title, plot or save button, or hides names behind a pager. Screenshots (dashboard-thaad-1280x720.png, the
// screen as the room sees it after the sweep, and dashboard-thaad-1280x720-full.png, the whole
// page) go to ARTIFACT_DIR.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { pick, post, startServer } from './serve_helpers.mjs';

const [geosim, artifacts] = process.argv.slice(2);
if (!geosim || !artifacts) throw new Error('usage: node dashboard_focus.test.mjs GEOSIM_BINARY ARTIFACT_DIR');
const source = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const chromiumPath = process.env.GEOSIM_CHROMIUM || '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.error(`dashboard test: no Chromium at ${chromiumPath}; run scripts/setup.sh (it installs Debian's chromium) ` +
                'or set GEOSIM_CHROMIUM to a Chromium binary');
  process.exit(1);
}
mkdirSync(artifacts, { recursive: true });

const SCENARIO = 'thaad_style_sanctions';
const RUNS = 100;
const CHARTS = ['chart-focus-gdp', 'chart-focus-trade', 'chart-focus-visitors', 'chart-asean', 'chart-trade',
                'chart-agents', 'chart-tension', 'map'];

const { server, base } = await startServer(geosim, source);
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  await page.goto(base + '/');
  await page.waitForFunction(() => window.geosimDashboard && window.geosimDashboard.ready);
  await page.selectOption('#scenario', SCENARIO);
  await page.fill('#runs', String(RUNS));
  await page.click('#run');
  await page.waitForFunction(() => window.geosimDashboard.sweeps === 1, null, { timeout: 300000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(artifacts, 'dashboard-thaad-1280x720.png') });
  await page.screenshot({ path: join(artifacts, 'dashboard-thaad-1280x720-full.png'), fullPage: true });

  // The same request through the API (the baseline is the server's remembered sweep).
  const api = await post(base, '/api/sweep', { scenario: SCENARIO, runs: RUNS, baseline: true,
                                               focus: { senders: ['CHN'], targets: ['KOR'] } });
  assert.deepEqual(api.focus, { senders: ['CHN'], targets: ['KOR'], economies: ['KOR'], partners: ['CHN'] });
  // Without "focus" the server takes the scenario's own senders and targets.
  const own = await post(base, '/api/sweep', { scenario: SCENARIO, runs: RUNS, baseline: true });
  assert.deepEqual(own.focus, api.focus);
  assert.deepEqual(pick(own, 'visitors', 'KOR', 'CHN').p50, pick(api, 'visitors', 'KOR', 'CHN').p50);

  // The panel opens on the target and its sender, and says who they are.
  const options = (id) => page.$$eval(`#${id} option`, (os) => os.map((o) => o.value));
  assert.deepEqual(await options('focus-economy'), ['KOR']);
  assert.deepEqual(await options('focus-partner'), ['CHN']);
  assert.equal(await page.inputValue('#focus-economy'), 'KOR');
  assert.equal(await page.inputValue('#focus-partner'), 'CHN');
  assert.equal(await page.textContent('#focus-note'), 'Targets of the shocks: KOR; their senders: CHN.');

  const shown = await page.evaluate((ids) => Object.fromEntries(ids.map((id) => {
    const o = echarts.getInstanceByDom(document.getElementById(id)).getOption();
    return [id, { title: o.title[0].text, subtitle: o.title[0].subtext,
                  legend: o.legend && o.legend[0] ? o.legend[0].data : [],
                  series: Object.fromEntries(o.series.map((s) => [s.id, s.data])) }];
  })), CHARTS);
  const gdp = shown['chart-focus-gdp'];
  assert.equal(gdp.title, 'KOR GDP');
  assert.equal(gdp.subtitle, 'median; dashed: baseline, USD bn a year');
  assert.deepEqual(gdp.series.gdp, pick(api, 'gdp', 'KOR', '').p50);
  assert.deepEqual(gdp.series['baseline-gdp'], pick(api.baseline, 'gdp', 'KOR', '').p50);
  const trade = shown['chart-focus-trade'];
  assert.equal(trade.title, 'KOR trade with CHN');
  assert.deepEqual(trade.legend, ['exports', 'imports']);
  assert.deepEqual(trade.series.exports, pick(api, 'trade', 'KOR', 'CHN').p50);
  assert.deepEqual(trade.series['baseline-exports'], pick(api.baseline, 'trade', 'KOR', 'CHN').p50);
  assert.deepEqual(trade.series.imports, pick(api, 'trade', 'CHN', 'KOR').p50);
  assert.deepEqual(trade.series['baseline-imports'], pick(api.baseline, 'trade', 'CHN', 'KOR').p50);
  const visitors = shown['chart-focus-visitors'];
  assert.equal(visitors.title, 'Visitors to KOR from CHN');
  assert.deepEqual(visitors.series.visitors, pick(api, 'visitors', 'KOR', 'CHN').p50);
  assert.deepEqual(visitors.series['baseline-visitors'], pick(api.baseline, 'visitors', 'KOR', 'CHN').p50);
  // The tour ban holds from 2026Q1 for eight quarters (tourism_cut drawn 0.40-0.55): in 2026Q2
  // the median of Chinese visitors is 40-55% under the baseline's, and back near it by the end.
  const q = api.dates.indexOf('2026Q2');
  const ratio = visitors.series.visitors[q] / visitors.series['baseline-visitors'][q];
  assert.ok(ratio > 0.45 && ratio < 0.6, `visitors in 2026Q2 at ${ratio} of the baseline's`);
  // Korea's exports to China fall under the block while the shocks hold.
  assert.ok(trade.series.exports[q] < trade.series['baseline-exports'][q]);

  // The tension chart carries each zone's baseline, dashed, under the zone's name.
  const tension = shown['chart-tension'];
  const zones = api.series.filter((s) => s.indicator === 'zone_tension').map((s) => s.agent);
  assert.deepEqual(tension.legend, zones);
  for (const z of zones) {
    assert.deepEqual(tension.series[z], pick(api, 'zone_tension', z).p50, z);
    assert.deepEqual(tension.series[`baseline-${z}`], pick(api.baseline, 'zone_tension', z).p50, z);
  }

  // The map shows the scenario, the baseline or the change at the chosen quarter.
  const last = api.dates.length - 1;
  const mapValues = () => page.evaluate(() => Object.fromEntries(
    echarts.getInstanceByDom(document.getElementById('map')).getOption().series[0].data.map((d) => [d.name, d.value])));
  const agents = api.series.filter((s) => s.indicator === 'alignment').map((s) => s.agent);
  const onMap = (values) => agents.filter((a) => a in values);
  let values = await mapValues();
  assert.equal(onMap(values).length, 15);
  for (const a of onMap(values)) assert.equal(values[a], pick(api, 'alignment', a).p50[last], a);
  await page.selectOption('#map-view', 'baseline');
  values = await mapValues();
  for (const a of onMap(values)) assert.equal(values[a], pick(api.baseline, 'alignment', a).p50[last], a);
  await page.selectOption('#map-view', 'change');
  values = await mapValues();
  for (const a of onMap(values)) {
    assert.equal(values[a], pick(api, 'alignment', a).p50[last] - pick(api.baseline, 'alignment', a).p50[last], a);
  }
  const scale = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById('map')).getOption().visualMap[0]);
  const largest = Math.max(...onMap(values).map((a) => Math.abs(values[a])));
  assert.equal(scale.max, Number(largest.toPrecision(2)));
  assert.equal(scale.min, -scale.max);

  // At 1280 x 720 each legend is whole (no pager), inside its chart, and clear of the chart's
  // title, plot and save button.
  const layout = await page.evaluate((ids) => ids.map((id) => {
    const inst = echarts.getInstanceByDom(document.getElementById(id));
    const model = inst.getModel();
    const rect = (component) => {
      const view = inst.getViewOfComponentModel(component);
      const r = view.group.getBoundingRect().clone();
      r.applyTransform(view.group.getLocalTransform());
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const legend = model.getComponent('legend');
    const toolbox = model.getComponent('toolbox');
    const grid = model.getComponent('grid');
    const g = grid && grid.coordinateSystem.getRect();
    return {
      id, width: inst.getWidth(), height: inst.getHeight(),
      title: rect(model.getComponent('title')),
      legend: legend ? rect(legend) : null,
      legendType: legend ? legend.get('type') : null,
      toolbox: toolbox ? rect(toolbox) : null,
      grid: g ? { x: g.x, y: g.y, width: g.width, height: g.height } : null,
    };
  }), CHARTS.filter((id) => id !== 'map'));
  const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  for (const c of layout) {
    const what = JSON.stringify(c);
    assert.ok(c.legend && c.legend.width > 0, `${c.id} has a legend: ${what}`);
    assert.notEqual(c.legendType, 'scroll', what);
    assert.ok(c.legend.x >= 0 && c.legend.y >= 0 && c.legend.x + c.legend.width <= c.width + 0.5 &&
              c.legend.y + c.legend.height <= c.height + 0.5, `${c.id}: legend outside the chart: ${what}`);
    assert.ok(!overlap(c.legend, c.title), `${c.id}: legend over the title: ${what}`);
    assert.ok(!overlap(c.legend, c.grid), `${c.id}: legend over the plot: ${what}`);
    assert.ok(c.toolbox && !overlap(c.legend, c.toolbox), `${c.id}: legend under the save button: ${what}`);
  }
  // The tension legend is as wide as its longest zone name needs, not cut to a letter.
  const tensionLegend = layout.find((c) => c.id === 'chart-tension').legend;
  assert.ok(tensionLegend.width > 80, JSON.stringify(tensionLegend));

  assert.deepEqual(pageErrors, []);
  console.log(`screenshots: ${join(artifacts, 'dashboard-thaad-1280x720.png')}, ` +
              `${join(artifacts, 'dashboard-thaad-1280x720-full.png')}`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
