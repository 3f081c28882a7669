// Browser test of a workshop session (docs/workshop.md), run by ctest:
//   node web/tests/workshop.test.mjs GEOSIM_BINARY ARTIFACT_DIR
// Starts the real server (geosim serve --port 0 --sessions DIR --admin-token-file FILE) and one
// headless Chromium (playwright-core; GEOSIM_CHROMIUM overrides /usr/bin/chromium) with three
// contexts at once: the facilitator (with the room's screen in a window of its own) and the
// delegations of the Philippines and China on the baseline. Four turns with moves (a tariff,
// an import ban, a tie offer and its acceptance, defence spending), an inject and a rollback;
// after each turn the charts on every page hold what the JSON API gives for the same session.
// The facilitator's page sees submissions arrive live. Then the exported scenario replays to
// the session's own series.csv with `geosim run`, and `geosim compare` accepts it. Prints the
// time from pressing "Advance" to the screen's fan charts redrawn (200 futures a turn); asserts
// no limit on it. Screenshots go to ARTIFACT_DIR.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './serve_helpers.mjs';

const [geosim, artifacts] = process.argv.slice(2);
if (!geosim || !artifacts) throw new Error('usage: node workshop.test.mjs GEOSIM_BINARY ARTIFACT_DIR');
const source = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const chromiumPath = process.env.GEOSIM_CHROMIUM || '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.error(`workshop test: no Chromium at ${chromiumPath}; run scripts/setup.sh (it installs Debian's chromium) ` +
                'or set GEOSIM_CHROMIUM to a Chromium binary');
  process.exit(1);
}

// Everything this test writes lives in ARTIFACT_DIR, replaced on each run.
mkdirSync(artifacts, { recursive: true });
const work = join(artifacts, 'work');
rmSync(work, { recursive: true, force: true });
const sessionsDir = join(work, 'sessions');
mkdirSync(sessionsDir, { recursive: true });
const tokenFile = join(work, 'admin-token');
const TOKEN = randomBytes(16).toString('hex');
writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });

// An advance computes 200 futures, and the machine may be slow and busy.
const LONG = { timeout: Number(process.env.GEOSIM_WORKSHOP_TIMEOUT_MS || 300000) };
const FAN_RUNS = 200;
const SEED = 20260101;

// ---- The JSON API, as the test's own client ------------------------------------------------

async function call(token, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: Object.assign({ Authorization: `Bearer ${token}` }, body ? { 'Content-Type': 'application/json' } : {}),
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${method} ${path}: ${res.status} ${text}`);
  return (res.headers.get('Content-Type') || '').includes('json') ? JSON.parse(text) : text;
}

// The lines a fan chart draws over all the fan's dates (null where a line has no value), computed
// here from the API's numbers independently of the page: the path to the present, the futures
// from the present, the baseline from the start; bands as their lower edge and their width.
function expectedFan(fan, s) {
  const n = fan.dates.length;
  const pad = (values, from) => Array.from({ length: n }, (_, i) => (i >= from && i - from < values.length ? values[i - from] : null));
  const minus = (a, b) => a.map((x, i) => (x === null || b[i] === null ? null : x - b[i]));
  const step = s.path.length - 1;
  const f = (q) => pad(s.futures[q], step);
  const b = (q) => pad(s.baseline[q], 0);
  return {
    path: pad(s.path, 0), median: f('p50'),
    'p5-p95-lo': f('p5'), 'p5-p95-width': minus(f('p95'), f('p5')),
    'p25-p75-lo': f('p25'), 'p25-p75-width': minus(f('p75'), f('p25')),
    baseline: b('p50'), 'baseline-band-lo': b('p5'), 'baseline-band-width': minus(b('p95'), b('p5')),
  };
}

// A fan without the time it took.
const numbers = (fan) => Object.assign({}, fan, { seconds: undefined });

const key = (s) => (s.indicator === 'asean_alignment' ? s.indicator : `${s.indicator}-${s.agent}`);

// The fan of a view is the doc's shape: the path to the present, futures from it (whose first
// value is the present in every quantile), the baseline over the whole horizon.
function checkFanShape(view) {
  const fan = view.fan;
  assert.equal(fan.runs, FAN_RUNS);
  assert.equal(fan.from_step, view.step);
  assert.equal(fan.dates[view.step], view.quarter);
  for (const s of fan.series) {
    assert.equal(s.path.length, view.step + 1, key(s));
    for (const q of ['p5', 'p25', 'p50', 'p75', 'p95']) {
      assert.equal(s.futures[q].length, fan.dates.length - view.step, `${key(s)} futures ${q}`);
      assert.equal(s.futures[q][0], s.path[view.step], `${key(s)} futures ${q} start at the present`);
      assert.equal(s.baseline[q].length, fan.dates.length, `${key(s)} baseline ${q}`);
    }
  }
}

// What the fan charts inside `selector` hold: {data-series: {series id: data}}, and their dates.
function fansOn(page, selector) {
  return page.evaluate((sel) => {
    const out = {};
    for (const e of document.querySelectorAll(`${sel} .chart`)) {
      const o = echarts.getInstanceByDom(e).getOption();
      out[e.dataset.series] = Object.fromEntries(o.series.map((s) => [s.id, s.data]));
      out[e.dataset.series].dates = o.xAxis[0].data;
    }
    return out;
  }, selector);
}

function assertFans(shown, view, who) {
  const series = view.fan.series;
  assert.deepEqual(Object.keys(shown).sort(), series.map(key).sort(), `${who}: the fan charts`);
  for (const s of series) {
    const want = expectedFan(view.fan, s);
    const got = shown[key(s)];
    assert.deepEqual(got.dates, view.fan.dates, `${who} ${key(s)} dates`);
    for (const [id, data] of Object.entries(want)) assert.deepEqual(got[id], data, `${who} ${key(s)} ${id}`);
  }
}

// The screen holds the facilitator's view: the quarter, the fans, the map, trade, ties, events.
async function assertScreen(view) {
  await screen.waitForFunction((v) => window.geosimWorkshop.drawn.version === v, view.version, LONG);
  assertFans(await fansOn(screen, '#screen-fans'), view, 'screen');
  const shown = await screen.evaluate(() => {
    const opt = (id) => echarts.getInstanceByDom(document.getElementById(id)).getOption();
    return {
      quarter: document.getElementById('screen-quarter').textContent,
      map: opt('screen-map').series[0].data,
      trade: Object.fromEntries(opt('screen-trade').series.map((s) => [s.id, s.data])),
      tradeAgents: opt('screen-trade').yAxis[0].data,
      ties: opt('screen-ties').series[0].links.map((l) => [l.source, l.target, l.value]),
      events: [...document.querySelectorAll('#screen-events li:not(.none)')].map((li) => li.textContent),
    };
  });
  assert.equal(shown.quarter, view.quarter);
  const alignment = Object.fromEntries(view.state.agents.map((a) => [a.id, a.alignment]));
  const onMap = shown.map.filter((d) => d.name in alignment);
  assert.ok(onMap.length >= 10, `map: ${onMap.length} agents`);
  for (const d of onMap) assert.equal(d.value, alignment[d.name], `map ${d.name}`);
  // Trade: one bar per delegation's country, a segment for each partner with 5% or more of some
  // delegation's trade, the rest of its partners together; the segments of a bar add up to 1.
  const trade = view.state.trade_share;
  const agents = [...new Set(trade.map((t) => t.agent))];
  assert.deepEqual(agents, ['PHL', 'CHN']);
  assert.deepEqual(shown.tradeAgents, agents);
  const big = new Set(trade.filter((t) => t.share >= 0.05).map((t) => t.partner));
  assert.deepEqual(Object.keys(shown.trade).sort(), [...big, 'others'].sort());
  agents.forEach((a, i) => {
    for (const p of big) assert.equal(shown.trade[p][i], (trade.find((t) => t.agent === a && t.partner === p) || { share: 0 }).share, `trade ${a} ${p}`);
    const rest = trade.filter((t) => t.agent === a && !big.has(t.partner)).map((t) => t.share);
    assert.ok(Math.abs(shown.trade.others[i] - rest.reduce((x, y) => x + y, 0)) < 1e-12, `trade ${a} others`);
    const sum = Object.values(shown.trade).reduce((x, col) => x + col[i], 0);
    assert.ok(Math.abs(sum - 1) < 1e-9, `${a}'s trade shares add up to ${sum}`);
  });
  // The tie network draws the delegations' ties at level 2 and above, and any pair whose tie
  // changed this turn.
  const changed = new Set(view.events.filter((e) => e.kind === 'tie_change').map((e) => [e.agent, e.partner].sort().join(' ')));
  const drawnTies = view.state.ties.filter((t) => (['PHL', 'CHN'].includes(t.a) || ['PHL', 'CHN'].includes(t.b)) && t.level >= 2 ||
                                                  changed.has([t.a, t.b].sort().join(' ')));
  assert.deepEqual(shown.ties, drawnTies.map((t) => [t.a, t.b, t.level]));
  // The turn's events, with the session's names of moves and injects (tN_AGENT_K, tN_inject_K)
  // in words.
  const name = (id) => view.agents.find((a) => a.id === id).name;
  const possessive = (n) => (n.endsWith('s') ? `${n}'` : `${n}'s`);
  const words = (text) => text.replace(/\bt(\d+)_inject_(\d+)\b/g, (m, n, k) => `the facilitator's inject${k === '1' ? '' : ` ${k}`} of turn ${n}`)
    .replace(/\bt(\d+)_([A-Z]{3})_(\d+)\b/g, (m, n, a, k) => `${possessive(name(a))} move${k === '1' ? '' : ` ${k}`} of turn ${n}`);
  assert.deepEqual(shown.events, view.events.map((e) => (e.quarter ? `${e.quarter}: ` : '') + words(e.text)));
  for (const e of shown.events) assert.doesNotMatch(e, /\bt\d+_/, e);
}

// A delegation's page holds its own view: its fans, numbers, the moves toward it, its alerts.
async function assertDelegation(d) {
  const view = await call(d.token, 'GET', `/api/sessions/${sessionId}`);
  await d.page.waitForFunction((v) => window.geosimDelegation.drawn.version === v, view.version, LONG);
  assert.equal(view.codes, undefined, `${d.agent} sees no codes`);
  assert.deepEqual(view.fan.series.map(key).sort(), [`alignment-${d.agent}`, 'asean_alignment', `gdp-${d.agent}`].sort());
  assertFans(await fansOn(d.page, '#my-fans'), view, d.agent);
  const words = (item) => (typeof item === 'string' ? item
    : (item.turn !== undefined ? `turn ${item.turn}: ` : item.quarter ? `${item.quarter}: ` : '') + item.text);
  const list = (id) => d.page.$$eval(`#${id} li:not(.none)`, (lis) => lis.map((li) => li.textContent));
  assert.deepEqual(await list('toward-me'), (view.toward_me || []).map(words), `${d.agent} toward_me`);
  assert.deepEqual(await list('alerts'), (view.alerts || []).map(words), `${d.agent} alerts`);
  return view;
}

async function assertTurn(label) {
  const view = await call(TOKEN, 'GET', `/api/sessions/${sessionId}`);
  checkFanShape(view);
  await assertScreen(view);
  const views = {};
  for (const d of delegations) views[d.agent] = await assertDelegation(d);
  console.log(`${label}: ${view.quarter}, the charts on the screen and both delegations' pages match the API (version ${view.version})`);
  return { view, views };
}

// ---- The pages ------------------------------------------------------------------------------

async function submitMoves(d, moves) {
  const before = await d.page.evaluate(() => window.geosimDelegation.submits);
  for (const m of moves) {
    await d.page.selectOption('#move-kind', m.kind);
    if (m.partner) await d.page.selectOption('#field-partner', m.partner);
    else assert.equal(await d.page.$('#field-partner'), null, `a ${m.kind} move has no partner`);
    for (const [name, value] of Object.entries(m.fields || {})) {
      if (Array.isArray(value)) await d.page.selectOption(`#field-${name}`, value);
      else if (await d.page.$eval(`#field-${name}`, (e) => e.tagName === 'SELECT')) await d.page.selectOption(`#field-${name}`, String(value));
      else await d.page.fill(`#field-${name}`, String(value));
    }
    await d.page.click('#add-move');
  }
  await d.page.click(moves.length ? '#submit-moves' : '#submit-none');
  await d.page.waitForFunction((n) => window.geosimDelegation.submits === n + 1, before, LONG);
  // The facilitator sees it live, from the event stream.
  await facilitator.waitForFunction(([agent, n]) => {
    const row = document.querySelector(`#delegation-table tr[data-agent="${agent}"]`);
    return row && row.children[3].textContent === 'submitted' && row.children[4].textContent === String(n);
  }, [d.agent, moves.length], LONG);
}

async function clearDraft(d) {
  while (await d.page.$('#draft button.remove')) await d.page.click('#draft button.remove');
}

const advanceTimes = [];
// Presses "Advance" (or "Roll back") and waits for the screen's fans of the new quarter: the
// time from the press to the screen redrawn is the room's wait.
async function press(button, step) {
  const before = await call(TOKEN, 'GET', `/api/sessions/${sessionId}`);
  await facilitator.waitForFunction((id) => !document.getElementById(id).disabled, button, LONG);
  const t0 = Date.now();
  await facilitator.$eval(`#${button}`, (b) => b.click());
  await screen.waitForFunction(([v, s]) => window.geosimWorkshop.drawn.version > v && window.geosimWorkshop.drawn.step === s,
                               [before.version, step], LONG);
  const ms = Date.now() - t0;
  const inPages = await screen.evaluate(() => performance.timeOrigin + window.geosimWorkshop.drawn.at) -
                  await facilitator.evaluate(() => performance.timeOrigin + window.geosimWorkshop.timing.pressed);
  await facilitator.waitForFunction((s) => window.geosimWorkshop.view.step === s, step, LONG);
  return { ms, inPages };
}

async function advance(label, step) {
  const { ms, inPages } = await press('advance', step);
  advanceTimes.push(ms);
  const fan = (await call(TOKEN, 'GET', `/api/sessions/${sessionId}`)).fan;
  console.log(`${label}: Advance to the screen's fan redrawn, ${FAN_RUNS} futures: ${ms} ms ` +
              `(in the pages, press to drawn: ${Math.round(inPages)} ms; the server's fan took ${Math.round(1000 * fan.seconds)} ms)`);
}

let base, sessionId, facilitator, screen;
let failuresExpected = false;
const ended = new Set();  // pages whose token has been ended on purpose
const delegations = [];
const pageErrors = [];
const serveArgs = ['--sessions', sessionsDir, '--admin-token-file', tokenFile];
let { server, base: address } = await startServer(geosim, source, serveArgs);
base = address;
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
function watch(page, who) {
  page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
  // The refused move below answers 400 on purpose, and the facilitator's wrong token 401 or 403;
  // any other failed load or script error counts.
  const expected = who === 'facilitator' ? /status of (400|401|403) / : /status of 400 /;
  page.on('console', (m) => {
    if (m.type() !== 'error' || expected.test(m.text())) return;
    // While the server is down on purpose (below), the streams' reconnections fail; once its
    // code is used again elsewhere, a delegation page's token is refused.
    if (failuresExpected && /net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|EMPTY_RESPONSE|INCOMPLETE_CHUNKED_ENCODING)/.test(m.text())) return;
    if (ended.has(who) && /status of 40[13] /.test(m.text())) return;
    pageErrors.push(`${who}: ${m.text()}`);
  });
}
try {
  const facilitatorContext = await browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
  facilitator = await facilitatorContext.newPage();
  watch(facilitator, 'facilitator');
  await facilitator.goto(`${base}/workshop`);
  await facilitator.waitForFunction(() => window.geosimWorkshop && window.geosimWorkshop.ready);
  // The page answers the pages' CSP: scripts from the server only.
  assert.equal(await facilitator.evaluate(() => document.querySelectorAll('script:not([src])').length), 0);

  // A wrong token is refused and said so; the right one opens the sessions panel.
  await facilitator.fill('#token', 'not-the-token-0000000000');
  await facilitator.click('#token-form button');
  await facilitator.waitForSelector('#status.error');
  assert.match(await facilitator.textContent('#status'), /not the facilitator token/);
  await facilitator.fill('#token', TOKEN);
  await facilitator.click('#token-form button');
  await facilitator.waitForSelector('#start-panel:not([hidden])');
  assert.equal(new URL(facilitator.url()).search, '', 'no token in the URL');

  // Start: the baseline, the Philippines and China, one quarter a turn, 200 futures.
  await facilitator.selectOption('#scenario', 'baseline');
  await facilitator.fill('#delegations', 'PHL, CHN');
  await facilitator.fill('#quarters', '1');
  await facilitator.fill('#seed', String(SEED));
  await facilitator.fill('#fan-runs', String(FAN_RUNS));
  await facilitator.click('#start');
  await facilitator.waitForFunction(() => window.geosimWorkshop.view && window.geosimWorkshop.live === 'live', null, LONG);
  const started = await facilitator.evaluate(() => window.geosimWorkshop.view);
  sessionId = started.id;
  assert.equal(started.scenario, 'baseline');
  assert.equal(started.seed, SEED);
  assert.equal(started.step, 0);
  assert.deepEqual(started.delegations.map((d) => d.agent), ['PHL', 'CHN']);
  const codes = {};
  for (const agent of ['PHL', 'CHN'])
    codes[agent] = await facilitator.textContent(`#delegation-table tr[data-agent="${agent}"] td.code`);
  assert.deepEqual(codes, started.codes);

  // The room's screen: a window of its own, opened from the facilitator's page (it shares the
  // tab's session storage, so the token is not typed again).
  [screen] = await Promise.all([facilitatorContext.waitForEvent('page'), facilitator.click('#open-screen')]);
  watch(screen, 'screen');
  await screen.waitForFunction(() => window.geosimWorkshop && window.geosimWorkshop.ready &&
                                      window.geosimWorkshop.drawn.count > 0, null, LONG);
  assert.equal(new URL(screen.url()).hash, '#screen');

  // The delegations join with their codes, each in a browser context of its own.
  for (const agent of ['PHL', 'CHN']) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    watch(page, agent);
    await page.goto(`${base}/delegation`);
    await page.waitForFunction(() => window.geosimDelegation && window.geosimDelegation.ready);
    await page.fill('#code', codes[agent]);
    await page.click('#join');
    await page.waitForFunction(() => window.geosimDelegation.drawn.count > 0, null, LONG);
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('geosim.delegation')).token);
    assert.equal(new URL(page.url()).search, '', 'no token in the URL');
    delegations.push({ agent, page, token });
    await facilitator.waitForFunction((a) => document.querySelector(`#delegation-table tr[data-agent="${a}"] td:nth-child(3)`)
      .textContent === 'yes', agent, LONG);
  }
  const [phl, chn] = delegations;
  // A delegation may act only toward its partners, with the levers the server lists.
  const levers = await call(phl.token, 'GET', `/api/sessions/${sessionId}/levers`);
  assert.equal(levers.agent, 'PHL');
  assert.ok(levers.partners.includes('CHN') && !levers.partners.includes('PHL'));
  assert.deepEqual(await phl.page.$$eval('#move-kind option', (os) => os.map((o) => o.value)), levers.moves.map((m) => m.kind));
  await assertTurn('before the first turn');

  // Turn 1: a share above 1 is refused with the located message of the exported file; then the
  // Philippines raise the tariff on Chinese electronics and China bans 30% of its imports from
  // the Philippines.
  await phl.page.selectOption('#move-kind', 'import_ban');
  await phl.page.selectOption('#field-partner', 'CHN');
  await phl.page.fill('#field-imports_blocked', '1.5');
  await phl.page.click('#add-move');
  await phl.page.click('#submit-moves');
  await phl.page.waitForFunction(() => window.geosimDelegation.refusals === 1, null, LONG);
  const refused = await phl.page.textContent('#move-error');
  assert.match(refused, /^session\.yaml:\d+:\d+: shocks\[\d+\]\.imports_blocked: value 1\.5 is out of range \[0, 1\]$/);
  console.log(`refused move: ${refused}`);
  await clearDraft(phl);
  await submitMoves(phl, [{ kind: 'tariff', partner: 'CHN', fields: { rate: 0.1, sectors: ['ELE'] } }]);
  await submitMoves(chn, [{ kind: 'import_ban', partner: 'PHL', fields: { imports_blocked: 0.3 } }]);
  const pending1 = await call(TOKEN, 'GET', `/api/sessions/${sessionId}`);
  assert.deepEqual(pending1.pending.moves.PHL.map((m) => m.request), [{ kind: 'tariff', partner: 'CHN', rate: 0.1, sectors: ['ELE'] }]);
  assert.deepEqual(pending1.pending.moves.CHN.map((m) => m.request), [{ kind: 'import_ban', partner: 'PHL', imports_blocked: 0.3 }]);
  assert.deepEqual(await facilitator.$$eval('#pending li', (lis) => lis.map((li) => li.textContent)),
                   Object.values(pending1.pending.moves).flat().map((m) => m.text));
  await advance('turn 1', 1);
  const t1 = await assertTurn('turn 1');
  assert.ok(t1.views.CHN.toward_me.some((m) => m.request.kind === 'tariff' && m.who === 'PHL'), 'China sees the tariff');
  assert.ok(t1.views.PHL.toward_me.length >= 1, 'the Philippines see the ban');

  // Turn 2: the Philippines offer China a closer security tie; China makes no move; the
  // facilitator injects a maritime incident at Scarborough Shoal.
  await submitMoves(phl, [{ kind: 'tie', partner: 'CHN', fields: { stance: 'up' } }]);
  await submitMoves(chn, []);
  await facilitator.selectOption('#inject-kind', 'maritime_incident');
  // A zone the world does not have is refused, located in the exported file like a bad move.
  await facilitator.fill('#inject-fields', '{"zone": "atlantis", "rung": 2}');
  await facilitator.click('#inject');
  await facilitator.waitForFunction(() => document.getElementById('inject-error').textContent !== '', null, LONG);
  const badInject = await facilitator.textContent('#inject-error');
  assert.match(badInject, /^session\.yaml:\d+:\d+: .*atlantis/);
  console.log(`refused inject: ${badInject}`);
  await facilitator.fill('#inject-fields', '{"zone": "scarborough", "rung": 2}');
  await facilitator.click('#inject');
  await facilitator.waitForFunction(() => document.getElementById('inject-error').textContent === '', null, LONG);
  await facilitator.waitForFunction(() => window.geosimWorkshop.view.pending.injects.length === 1, null, LONG);
  assert.match(await facilitator.textContent('#pending'), /maritime_incident from 2025Q3/);
  await advance('turn 2', 2);
  const t2 = await assertTurn('turn 2');
  assert.ok(t2.view.offers.some((o) => o.from === 'PHL' && o.to === 'CHN'), JSON.stringify(t2.view.offers));
  assert.ok(t2.views.CHN.alerts.length >= 1, 'China is alerted to the offer');
  assert.match(await facilitator.textContent('#offers'), /offers/);
  const tieBefore = t2.view.state.ties.find((t) => [t.a, t.b].sort().join() === 'CHN,PHL');

  // Turn 3: China accepts. Then the facilitator rolls the turn back: the session stands where it
  // was, with China's answer pending again, and playing the turn again gives the same numbers.
  await submitMoves(chn, [{ kind: 'tie', partner: 'PHL', fields: { stance: 'up' } }]);
  await submitMoves(phl, []);
  await advance('turn 3', 3);
  const t3 = await assertTurn('turn 3');
  const tieAfter = t3.view.state.ties.find((t) => [t.a, t.b].sort().join() === 'CHN,PHL');
  // Both sides said up: the tie climbs one rung, and the screen says so in the turn's events.
  console.log(`CHN-PHL tie: level ${tieBefore ? tieBefore.level : 0} before the acceptance, ${tieAfter ? tieAfter.level : 0} after`);
  assert.equal(tieAfter.level, (tieBefore ? tieBefore.level : 0) + 1);
  assert.ok(t3.view.events.some((e) => e.kind === 'tie_change' && [e.agent, e.partner].sort().join() === 'CHN,PHL'),
            JSON.stringify(t3.view.events.filter((e) => e.kind === 'tie_change')));
  await press('rollback', 2);
  const back = await assertTurn('rolled back');
  assert.equal(back.view.step, 2);
  assert.deepEqual(numbers(back.view.fan), numbers(t2.view.fan), 'the rollback restores the fan of turn 2');
  assert.deepEqual(back.view.pending.moves.CHN.map((m) => m.request), [{ kind: 'tie', partner: 'PHL', stance: 'up' }]);
  assert.deepEqual(await chn.page.$$eval('#draft li:not(.none)', (lis) => lis.length), 1, 'China\'s answer is in its list again');
  await advance('turn 3 again', 3);
  const t3again = await assertTurn('turn 3 again');
  assert.deepEqual(numbers(t3again.view.fan), numbers(t3.view.fan), 'the same turn gives the same fan');
  assert.deepEqual(t3again.view.state, t3.view.state);

  // Turn 4: China answers the Philippines' tariff with one of its own; the Philippines set
  // their defence spending at 2% of GDP (a move toward no partner).
  await submitMoves(chn, [{ kind: 'tariff', partner: 'PHL', fields: { rate: 0.05 } }]);
  await submitMoves(phl, [{ kind: 'defence', fields: { share: 0.02 } }]);
  await advance('turn 4', 4);
  const t4 = await assertTurn('turn 4');
  assert.equal(t4.view.quarter, '2026Q1');
  // The server is killed and resumed on the same port: every page's stream reconnects (with
  // backoff) and draws the session as it stood, which the journal gives to the bit.
  const killed = new Promise((ok) => server.once('exit', ok));
  failuresExpected = true;
  server.kill('SIGKILL');
  await killed;
  const pages = [['geosimWorkshop', facilitator], ['geosimWorkshop', screen], ...delegations.map((d) => ['geosimDelegation', d.page])];
  const before = [];
  for (const [name, page] of pages) {
    before.push(await page.evaluate((n) => window[n].connections, name));
    await page.waitForFunction((n) => window[n].live === 'reconnecting', name, LONG);
  }
  const restart = Date.now();
  ({ server } = await startServer(geosim, source, [...serveArgs, '--resume', sessionId], new URL(base).port));
  const up = Date.now() - restart;
  for (const [i, [name, page]] of pages.entries())
    await page.waitForFunction(([n, c]) => window[n].live === 'live' && window[n].connections > c, [name, before[i]], LONG);
  console.log(`killed and resumed: the server answered ${up} ms after the restart began, all four pages were live again ` +
              `${Date.now() - restart} ms after it`);
  failuresExpected = false;
  const resumed = await assertTurn('after the server was killed and resumed');
  assert.deepEqual(numbers(resumed.view.fan), numbers(t4.view.fan));
  assert.deepEqual(resumed.view.state, t4.view.state);

  await screen.screenshot({ path: join(artifacts, 'workshop-screen.png'), fullPage: true });
  await phl.page.screenshot({ path: join(artifacts, 'workshop-delegation-PHL.png'), fullPage: true });
  await facilitator.screenshot({ path: join(artifacts, 'workshop-facilitator.png'), fullPage: true });
  const sorted = advanceTimes.slice().sort((a, b) => a - b);
  console.log(`Advance to the screen's fan redrawn (${FAN_RUNS} futures), ${sorted.length} turns: ` +
              `median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted[sorted.length - 1]} ms`);

  // The Philippines' code used again on another device ends the first page's token: that page
  // goes back to the code form and says why, and the new one plays on.
  const again = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  watch(again, 'PHL again');
  await again.goto(`${base}/delegation`);
  await again.waitForFunction(() => window.geosimDelegation && window.geosimDelegation.ready);
  ended.add('PHL');  // the first page's requests with its ended token fail on purpose
  await again.fill('#code', codes.PHL);
  await again.click('#join');
  await again.waitForFunction(() => window.geosimDelegation.drawn.count > 0, null, LONG);
  await phl.page.waitForSelector('#join-panel:not([hidden])', LONG);
  assert.match(await phl.page.textContent('#join-error'), /Join again with your code\.$/);
  assert.equal(await phl.page.evaluate(() => sessionStorage.getItem('geosim.delegation')), null);
  console.log(`joined again elsewhere: the first PHL page says "${await phl.page.textContent('#join-error')}"`);

  // Export: the download is the API's export, and it replays. Saved in (a copy of) the scenario
  // library, where its world path resolves.
  const [download] = await Promise.all([facilitator.waitForEvent('download'), facilitator.click('#export')]);
  const library = join(work, 'library');
  cpSync(join(source, 'scenarios'), library, { recursive: true });
  const exported = join(library, download.suggestedFilename());
  await download.saveAs(exported);
  assert.equal(readFileSync(exported, 'utf8'), await call(TOKEN, 'GET', `/api/sessions/${sessionId}/export`));
  const runDir = join(work, 'replay');
  execFileSync(geosim, ['run', exported, '--quiet', '--out', runDir], { stdio: ['ignore', 'ignore', 'inherit'] });
  // The session's series.csv holds its run up to the quarter played: the replay's rows up to
  // that step, byte for byte.
  const session = readFileSync(join(sessionsDir, sessionId, 'series.csv'), 'utf8');
  const replay = readFileSync(join(runDir, 'series.csv'), 'utf8');
  const lines = replay.split('\n');
  const stepColumn = lines[0].split(',').indexOf('step');
  assert.ok(stepColumn >= 0, lines[0]);
  const upTo = lines.filter((l, i) => i === 0 || (l !== '' && Number(l.split(',')[stepColumn]) <= t4.view.step));
  const prefix = upTo.join('\n') + '\n';
  assert.ok(session.length > 1000, `the session's series.csv has ${session.length} bytes`);
  assert.ok(session === prefix, `the session's series.csv (${session.length} bytes) differs from the replay's rows ` +
                                `to step ${t4.view.step} (${prefix.length} bytes)`);
  console.log(`replay: the session's series.csv (${session.split('\n').length - 2} rows, steps 0-${t4.view.step}) ` +
              'equals the replay\'s rows to the same step, byte for byte');
  const compareDir = join(work, 'compare');
  execFileSync(geosim, ['compare', join(library, 'baseline.yaml'), exported, '--runs', '4', '--out', compareDir],
               { stdio: ['ignore', 'ignore', 'inherit'] });
  assert.ok(existsSync(join(compareDir, 'compare.csv')));
  console.log(`geosim compare baseline.yaml ${download.suggestedFilename()} --runs 4: exit 0`);

  // A second session with a turn timer of 5 s: the facilitator goes back to the sessions, starts
  // it (ASEAN's delegation, one for the whole bloc, 10 futures), sees the time left, and the
  // server plays the turn when it runs out, which the page shows without a press.
  assert.equal(await facilitator.isHidden('#deadline'), true, 'the first session has no timer');
  await facilitator.click('#close-session');
  await facilitator.waitForSelector('#start-panel:not([hidden])');
  assert.ok((await facilitator.$$eval('#sessions option', (os) => os.map((o) => o.value))).includes(sessionId));
  await facilitator.fill('#delegations', 'ASEAN');
  await facilitator.fill('#fan-runs', '10');
  await facilitator.fill('#turn-seconds', '5');
  await facilitator.click('#start');
  await facilitator.waitForFunction((first) => { const v = window.geosimWorkshop.view; return v && v.id !== first; }, sessionId, LONG);
  const timed = await facilitator.evaluate(() => window.geosimWorkshop.view);
  assert.equal(timed.turn_seconds, 5);
  assert.ok(timed.deadline, 'a deadline');
  assert.match(await facilitator.textContent('#deadline'), /^0:0[0-5] left in this turn$|^time is up/);
  await facilitator.waitForFunction(() => window.geosimWorkshop.view.step === 1, null, LONG);
  const played = await facilitator.evaluate(() => window.geosimWorkshop.view);
  assert.ok(played.log.some((e) => e.what === 'advance' && /turn timer/.test(e.text)), JSON.stringify(played.log));
  console.log(`turn timer: a 5 s timer played turn 1 of session ${played.id} by itself; the page showed it without a press`);

  // ASEAN's delegation page: the bloc's numbers (its members' GDP summed), its bloc ties, its
  // fans, and partners outside the bloc only.
  const bloc = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  watch(bloc, 'ASEAN');
  await bloc.goto(`${base}/delegation`);
  await bloc.waitForFunction(() => window.geosimDelegation && window.geosimDelegation.ready);
  await bloc.fill('#code', timed.codes.ASEAN);
  await bloc.click('#join');
  await bloc.waitForFunction(() => window.geosimDelegation.drawn.count > 0, null, LONG);
  const blocToken = await bloc.evaluate(() => window.geosimDelegation.token);
  const blocView = await call(blocToken, 'GET', `/api/sessions/${played.id}`);
  await bloc.waitForFunction((v) => window.geosimDelegation.drawn.version === v, blocView.version, LONG);
  assert.deepEqual(blocView.fan.series.map(key).sort(), ['asean_alignment', 'gdp-ASEAN']);
  assertFans(await fansOn(bloc, '#my-fans'), blocView, 'ASEAN');
  const members = blocView.blocs.find((b) => b.id === 'ASEAN').members;
  const gdp = blocView.state.agents.filter((a) => members.includes(a.id)).reduce((x, a) => x + a.gdp, 0);
  const blocNumbers = await bloc.$$eval('#numbers dd', (dds) => dds.map((dd) => dd.textContent));
  assert.equal(blocNumbers[0], `USD ${gdp.toFixed(1)} bn a year`);
  assert.equal(blocNumbers[1], members.map((m) => blocView.agents.find((a) => a.id === m).name).join(', '));
  const blocTies = await bloc.$$eval('#my-ties li:not(.none)', (lis) => lis.map((li) => li.textContent));
  assert.equal(blocTies.length, blocView.state.bloc_ties.filter((t) => t.bloc === 'ASEAN').length);
  await bloc.selectOption('#move-kind', 'tariff');
  const options = await bloc.$$eval('#field-partner option', (os) => os.map((o) => o.value));
  assert.deepEqual(options, ['JPN', 'KOR', 'TWN', 'USA', 'CHN', 'EUR', 'ROW']);
  // The screen folds a bloc's move, one shock per member (tN_BLOC_K_MEMBER), into one item with
  // the members' shocks under it; other events stay one item each. Texts as the server writes them.
  const shock = (m) => ({ quarter: '2025Q3', kind: 'shock', agent: m, partner: 'CHN',
                          text: `t2_ASEAN_1_${m}: ${m} sets a tariff of 5% on 100% of goods of ELE from CHN` });
  const tie = { quarter: '2025Q3', kind: 'tie_change', agent: 'PHL', partner: 'SGP', text: 'PHL and SGP lower their tie to comprehensive partnership (2)' };
  // A fold the room opened stays open when the list is drawn again (its key: quarter, kind, turn,
  // bloc, move).
  const folded = await facilitator.evaluate((events) => {
    const opened = window.geosimWorkshop.eventItems(events, new Set(['2025Q3 shock 2 ASEAN 1']));
    return window.geosimWorkshop.eventItems(events).map((li, k) => ({
      cls: li.className,
      head: li.querySelector('summary') ? li.querySelector('summary').textContent : li.textContent,
      members: [...li.querySelectorAll('ul li')].map((x) => x.textContent),
      open: li.querySelector('details') ? [li.querySelector('details').open, opened[k].querySelector('details').open] : null,
    }));
  }, [shock('BRN'), tie, shock('KHM'), shock('IDN')]);
  const nameOf = (id) => blocView.agents.find((a) => a.id === id).name;
  assert.deepEqual(folded, [
    { cls: 'kind-shock bloc-move', head: "2025Q3: Association of Southeast Asian Nations' move of turn 2, one shock for each of 3 members",
      members: ['BRN', 'KHM', 'IDN'].map((m) => `Association of Southeast Asian Nations' move of turn 2 (for ${nameOf(m)}): ${m} sets a tariff of 5% on 100% of goods of ELE from CHN`),
      open: [false, true] },
    { cls: 'kind-tie_change', head: `2025Q3: ${tie.text}`, members: [], open: null },
  ]);
  await bloc.screenshot({ path: join(artifacts, 'workshop-delegation-ASEAN.png'), fullPage: true });
  console.log(`ASEAN's delegation: GDP ${blocNumbers[0]} (its ${members.length} members summed), ${blocTies.length} bloc ties, ` +
              `partners ${options.join(' ')}, fans ${blocView.fan.series.map(key).join(', ')}`);

  assert.deepEqual(pageErrors, []);
  console.log(`screenshots: ${['workshop-screen.png', 'workshop-delegation-PHL.png', 'workshop-facilitator.png', 'workshop-delegation-ASEAN.png']
    .map((f) => join(artifacts, f)).join(', ')}`);
} catch (e) {
  // What the pages said helps to read a failure.
  if (pageErrors.length) console.error(`errors on the pages:\n${pageErrors.join('\n')}`);
  throw e;
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
