// The facilitator's page of a workshop session (geosim serve, /workshop; docs/workshop.md):
// enter the token, start or reopen a session, hand out the join codes, watch who has submitted,
// inject events, advance, roll back, export; and the "Screen" view for the room's projector: the
// quarter, the alignment map, the ties, trade shares, the turn's events and the fan charts.
// It follows the session's event stream and GETs the session on each update; it never polls.
//
// Chart containers the browser test reads: screen-map, screen-ties, screen-trade, and one
// .chart per fan series in #screen-fans with data-series="gdp-PHL", "alignment-CHN",
// "asean_alignment" (session.js, fanChart, names the series inside). window.geosimWorkshop
// holds the view drawn last (`view`), what the screen charts were given (`charted`), and
// counters (`drawn`).
import { $, el, request, showStatus, sessionApi, agentNameIn, followStream, coalesced, fanChart, fanWords, seriesKey, seriesTitle, TIE_WORDS, percent,
         resizeCharts, showDeadline } from './session.js';

const C = window.GeosimCharts;
const TOKEN_KEY = 'geosim.workshop.token';
const SESSION_KEY = 'geosim.workshop.session';

const state = {
  ready: false,
  token: sessionStorage.getItem(TOKEN_KEY),
  sessionId: sessionStorage.getItem(SESSION_KEY),
  scenarios: [],
  region: null,
  view: null,
  screen: location.hash === '#screen',
  live: '',          // the event stream: 'live', 'reconnecting' or 'refused'
  connections: 0,    // times the stream has (re)connected
  updates: 0,        // update events heard on the stream (and reconnections)
  exported: null,    // the last exported YAML
  charted: null,     // {version, step, quarter, fans: {key: series}, map, ties, trade, events}
  drawn: { count: 0, version: -1, step: -1, at: 0 },  // the screen's fan charts, last drawn
  timing: { heard: 0, get: 0, draw: 0 },  // the last update heard, its GET and the screen's drawing (ms)
};
window.geosimWorkshop = state;

let stopStream = null;

const status = showStatus;

const { api, sessionPath } = sessionApi(state);

// Templates of the inject form's JSON, one per kind of docs/shocks.md; the facilitator edits
// the numbers. The kind comes from the select, the quarter from its own field.
const INJECTS = {
  maritime_incident: { zone: 'scarborough', rung: 2 },
  blockade: { legs: ['taiwan_strait'], close: true, duration: 2 },
  sanctions: { sender: 'CHN', target: 'PHL', imports_blocked: 0.3, tourism_cut: 0.5, duration: 4 },
  tariff: { sender: 'USA', targets: ['CHN'], rate: 0.1, duration: 4 },
  export_controls: { sender: 'USA', targets: ['CHN'], share: 0.3, sectors: ['ELE'], duration: 8 },
  boycott: { public: 'CHN', target: 'JPN', visitors: 0.3, goods: 0.1, duration: 4 },
  opinion: { public: 'PHL', toward: ['CHN'], shift: -0.1 },
  partnership: { a: 'PHL', b: 'JPN', move: 1 },
  aid: { donor: 'JPN', recipients: ['PHL'], purpose: 'security', amount: 0.5, duration: 8 },
  reward: { sender: 'CHN', target: 'PHL', market_access: 0.1, duration: 8 },
  promotion: { origin: 'JPN', hosts: ['VNM'], investment: 0.1, duration: 8 },
  agreement: { members: ['ASEAN', 'JPN'], cut: 0.2 },
  parameter: { parameter: 'trade.theta', scale: 1.1, duration: 4 },
};

// ---- Token and sessions -------------------------------------------------------------------

function showPanels() {
  const have = !!state.token;
  $('token-panel').hidden = have;
  $('start-panel').hidden = !have || !!state.view;
  $('session-panel').hidden = !state.view;
  $('views').hidden = !state.view;
  $('facilitate').hidden = state.screen && !!state.view;
  $('screen').hidden = !(state.screen && state.view);
  $('show-facilitate').setAttribute('aria-pressed', String(!state.screen));
  $('show-screen').setAttribute('aria-pressed', String(state.screen));
  document.body.classList.toggle('on-screen', state.screen && !!state.view);
}

async function useToken(token) {
  state.token = token;
  try {
    const list = await api('GET', '/api/sessions');
    sessionStorage.setItem(TOKEN_KEY, token);
    fillSessions(list);
    status('');
    return true;
  } catch (e) {
    state.token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    status(e.status === 401 || e.status === 403 ? 'That token is not the facilitator token of this server.' : e.message, true);
    showPanels();
    return false;
  }
}

function fillSessions(list) {
  const sessions = Array.isArray(list) ? list : (list.sessions || []);
  const select = $('sessions');
  select.replaceChildren(...sessions.map((s) => {
    const id = typeof s === 'string' ? s : s.id;
    const words = typeof s === 'string' ? id
      : `${id}: ${s.scenario || ''}${s.quarter ? `, ${s.quarter}` : ''}${s.delegations ? `, ${
        s.delegations.map((d) => (typeof d === 'string' ? d : d.agent)).join(' ')}` : ''}`;
    return el('option', { value: id, text: words });
  }));
  $('open-session').disabled = !sessions.length;
  if (!sessions.length) select.appendChild(el('option', { value: '', text: 'no sessions yet' }));
}

async function openSession(id, view) {
  if (stopStream) stopStream();
  state.sessionId = id;
  sessionStorage.setItem(SESSION_KEY, id);
  state.view = null;
  if (view) show(view);
  stopStream = followStream(state.token, id, (data) => {
    state.updates += 1;
    state.timing.heard = performance.now();
    refresh();
  }, (what, message) => {
    state.live = what;
    state.connections += what === 'live' ? 1 : 0;
    $('live').textContent = what === 'live' ? '● live' : what === 'reconnecting' ? '○ reconnecting…' : `not following: ${message}`;
    $('live').className = `live ${what}`;
  });
}

// Back to the sessions panel; the session goes on on the server.
async function closeSession() {
  if (stopStream) stopStream();
  stopStream = null;
  state.sessionId = null;
  state.view = null;
  state.charted = null;
  state.deadline = undefined;
  showDeadline($('deadline'), null);
  showDeadline($('screen-deadline'), null);
  sessionStorage.removeItem(SESSION_KEY);
  state.screen = false;
  history.replaceState(null, '', '#');
  $('session-title').textContent = '';
  $('live').textContent = '';
  try {
    fillSessions(await api('GET', '/api/sessions'));
  } catch (e) {
    status(e.message, true);
  }
  showPanels();
}

const refresh = coalesced(async () => {
  if (!state.sessionId) return;
  const t0 = performance.now();
  const view = await api('GET', sessionPath());
  state.timing.get = performance.now() - t0;
  show(view);
}, (e) => {
  if (e.status === 404) {
    sessionStorage.removeItem(SESSION_KEY);
    if (stopStream) stopStream();
    state.sessionId = null;
    state.view = null;
    showPanels();
  }
  status(e.message, true);
});

async function startSession(event) {
  event.preventDefault();
  const delegations = $('delegations').value.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter(Boolean);
  const body = { scenario: $('scenario').value, delegations,
                 quarters_per_turn: Number($('quarters').value), fan_runs: Number($('fan-runs').value) };
  if ($('seed').value.trim() !== '') body.seed = Number($('seed').value);
  if ($('turn-seconds').value.trim() !== '') body.turn_seconds = Number($('turn-seconds').value);
  $('start').disabled = true;
  status('starting the session (the baseline\'s futures and the first fan take a moment)…');
  try {
    const view = await api('POST', '/api/sessions', body);
    status(`session ${view.id} started`);
    await openSession(view.id, view);
  } catch (e) {
    status(e.message, true);
  } finally {
    $('start').disabled = false;
  }
}

// ---- The facilitator's view -------------------------------------------------------------------

// Shows a session view unless a newer one is already shown (the answer of an advance and the
// GET that its update event starts can arrive in either order).
function show(view) {
  if (view.id !== state.sessionId) return;  // an answer about a session closed meanwhile
  if (state.view && state.view.id === view.id && view.version < state.view.version) return;
  state.view = view;
  showPanels();
  drawFacilitator(view);
  chartScreen(view);
  if (state.screen) drawScreen();
}

const agentName = (id) => agentNameIn(state.view, id);

function drawFacilitator(v) {
  $('session-title').textContent = `· ${v.scenario} · session ${v.id}`;
  $('turn').textContent = String(v.turn);
  $('quarter').textContent = v.quarter + (v.finished ? ' (finished)' : '');
  $('next').textContent = v.finished ? 'The session has reached the scenario\'s horizon.'
    : `"Advance" plays ${v.next.from === v.next.to ? v.next.from : `${v.next.from} to ${v.next.to}`}; ` +
      `${v.quarters_per_turn} quarter${v.quarters_per_turn > 1 ? 's' : ''} a turn, seed ${v.seed}, ${v.fan_runs} futures` +
      (v.turn_seconds ? `, a turn timer of ${v.turn_seconds} s.` : '.');
  if (v.deadline !== state.deadline) {
    state.deadline = v.deadline;
    showDeadline($('deadline'), v.deadline);
    showDeadline($('screen-deadline'), v.deadline);
  }
  $('advance').disabled = !!v.finished;
  $('rollback').disabled = !(v.turn > 0);
  $('inject-at').placeholder = v.next ? v.next.from : '';
  $('delegation-url').textContent = `${location.origin}/delegation`;

  const body = $('delegation-table').querySelector('tbody');
  body.replaceChildren(...v.delegations.map((d) => el('tr', { 'data-agent': d.agent }, [
    el('td', { text: `${agentName(d.agent)} (${d.agent})` }),
    el('td', { class: 'code', text: (v.codes && v.codes[d.agent]) || '' }),
    el('td', { class: d.joined ? 'yes' : 'no', text: d.joined ? 'yes' : 'not yet' }),
    el('td', { class: d.submitted ? 'yes submitted' : 'no', text: d.submitted ? 'submitted' : 'waiting' }),
    el('td', { text: String(d.moves) }),
  ])));

  const pending = [];
  for (const [agent, moves] of Object.entries((v.pending && v.pending.moves) || {}))
    for (const m of moves) pending.push(el('li', { class: 'move', text: m.text || `${agent}: ${m.kind}` }));
  for (const i of (v.pending && v.pending.injects) || [])
    pending.push(el('li', { class: 'inject', text: i.text }));
  if (!pending.length) pending.push(el('li', { class: 'none', text: 'Nothing yet.' }));
  $('pending').replaceChildren(...pending);

  const offers = (v.offers || []).map((o) => el('li', { text: `${agentName(o.from)} offers ${agentName(o.to)} a closer tie (turn ${o.turn})` }));
  $('offers').replaceChildren(...(offers.length ? offers : [el('li', { class: 'none', text: 'None.' })]));

  const log = $('log');
  // A line's text mostly starts with who did it ("PHL: ..."); then it is not said twice.
  log.replaceChildren(...(v.log || []).map((e) => {
    const text = e.text || '';
    const said = text.startsWith(`${e.who}:`);
    return el('li', { class: `log-${e.what}` }, [
      el('span', { class: 'time', text: (e.time || '').replace('T', ' ').replace('Z', ' UTC') }), ' ',
      el('span', { class: 'when', text: `turn ${e.turn}, ${e.quarter}` }), ' ',
      el('strong', { text: said ? e.what : `${e.who} ${e.what}` }), `: ${text}`,
    ]);
  }));
  log.scrollTop = log.scrollHeight;
}

async function act(button, path, words) {
  button.disabled = true;
  status(words);
  const t0 = performance.now();
  state.timing.pressed = t0;
  try {
    const view = await api('POST', sessionPath(path), {});
    show(view);
    status(`${path.slice(1)}: now ${view.quarter} (${((performance.now() - t0) / 1000).toFixed(2)} s)`);
  } catch (e) {
    status(e.message, true);
  } finally {
    if (state.view) drawFacilitator(state.view);
    else button.disabled = false;
  }
}

async function inject(event) {
  event.preventDefault();
  $('inject-error').textContent = '';
  let fields;
  try {
    const text = $('inject-fields').value.trim();
    fields = text ? JSON.parse(text) : {};
    if (typeof fields !== 'object' || Array.isArray(fields) || fields === null) throw new Error('give an object: {"zone": "scarborough", ...}');
  } catch (e) {
    $('inject-error').textContent = `The fields are not JSON: ${e.message}`;
    return;
  }
  const body = { shock: Object.assign({ kind: $('inject-kind').value }, fields) };
  if ($('inject-at').value.trim()) body.at = $('inject-at').value.trim();
  try {
    const r = await api('POST', sessionPath('/inject'), body);
    status(`injected: ${(r.inject && r.inject.text) || body.shock.kind}`);
    $('inject-at').value = '';
    refresh();
  } catch (e) {
    $('inject-error').textContent = e.message;
  }
}

function fillInjectKinds() {
  const select = $('inject-kind');
  select.replaceChildren(...Object.keys(INJECTS).map((k) => el('option', { value: k, text: k.replaceAll('_', ' ') })));
  let template = '';
  const apply = () => {
    const text = JSON.stringify(INJECTS[select.value], null, 1).replace(/\n\s*/g, ' ');
    if ($('inject-fields').value.trim() === '' || $('inject-fields').value === template) $('inject-fields').value = text;
    template = text;
  };
  select.addEventListener('change', apply);
  apply();
}

async function exportYaml() {
  try {
    const res = await fetch(sessionPath('/export'), { headers: { Authorization: `Bearer ${state.token}` } });
    if (!res.ok) throw new Error((await res.json().catch(() => ({}))).error || `HTTP ${res.status}`);
    const yaml = await res.text();
    state.exported = yaml;
    // The server names the file (scenario-session-ID.yaml); this name is the fallback.
    const given = (res.headers.get('Content-Disposition') || '').match(/filename="([^"/\\]+)"/);
    const name = given ? given[1] : `${state.view.scenario}-session-${state.view.id}.yaml`;
    const url = URL.createObjectURL(new Blob([yaml], { type: 'text/yaml' }));
    const a = el('a', { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    status(`exported ${name}: run it with geosim run ${name}`);
  } catch (e) {
    status(e.message, true);
  }
}

// ---- The screen ---------------------------------------------------------------------------------

// What the screen's charts show, from a view (kept on window.geosimWorkshop.charted whether or
// not the screen is showing, and drawn when it is).
function chartScreen(v) {
  const map = {};
  for (const a of v.state.agents) map[a.id] = a.alignment;
  // The bloc's fan first: it is the room's headline.
  const fans = {};
  const series = ((v.fan && v.fan.series) || []).slice().sort((a, b) => (b.indicator === 'asean_alignment') - (a.indicator === 'asean_alignment'));
  for (const s of series) fans[seriesKey(s)] = s;
  state.charted = {
    version: v.version, step: v.step, quarter: v.quarter, map, fans,
    dates: v.fan ? v.fan.dates : [],
    ties: v.state.ties || [], trade: v.state.trade_share || [], events: v.events || [],
  };
}

function drawScreen() {
  const v = state.view;
  const c = state.charted;
  if (!v || !c) return;
  const t0 = performance.now();
  $('screen-quarter').textContent = v.quarter;
  $('screen-sub').textContent = `${v.scenario} · turn ${v.turn}` +
    (v.finished ? ' · finished' : ` · next: ${v.next.from === v.next.to ? v.next.from : `${v.next.from}-${v.next.to}`}`) +
    ` · delegations: ${v.delegations.map((d) => d.agent).join(', ')}`;

  if (state.region) {
    C.alignmentMap($('screen-map'), state.region, c.map, { title: `Alignment, ${v.quarter}` });
    const chart = window.echarts.getInstanceByDom($('screen-map'));
    chart.setOption({ title: { textStyle: { fontSize: 22 } }, visualMap: { textStyle: { fontSize: 15 } } });
  }

  // A fold the room opened stays open when the next update redraws the list.
  const open = new Set([...$('screen-events').querySelectorAll('details[open]')].map((d) => d.dataset.key));
  const events = eventItems(c.events, open);
  $('screen-events').replaceChildren(...(events.length ? events
    : [el('li', { class: 'none', text: v.turn === 0 ? 'No turn played yet.' : 'Nothing of note happened this turn.' })]));

  drawTies(v, c);
  drawTrade(v, c);
  drawFans(v, c);
  state.timing.draw = performance.now() - t0;
}

// The turn's events as list items. A bloc's move is one shock per member (tN_BLOC_K_MEMBER, in
// the same quarter): the screen shows it as one item, its members' shocks folded under it, so a
// bloc's tariff is one line in the room, not eleven.
function eventItems(events, open = new Set()) {
  const items = [];
  const moves = new Map();
  for (const e of events) {
    const m = /\bt(\d+)_([A-Z]{3,})_(\d+)_[A-Z]{3}\b/.exec(e.text);
    if (!m) {
      items.push({ events: [e] });
      continue;
    }
    const key = `${e.quarter || ''} ${e.kind} ${m[1]} ${m[2]} ${m[3]}`;
    if (!moves.has(key)) {
      moves.set(key, { key, events: [], turn: m[1], bloc: m[2], k: m[3] });
      items.push(moves.get(key));
    }
    moves.get(key).events.push(e);
  }
  return items.map((it) => {
    const first = it.events[0];
    if (it.events.length === 1) return el('li', { class: `kind-${first.kind}`, text: eventWords(first) });
    const what = `${possessive(agentName(it.bloc))} move${it.k === '1' ? '' : ` ${it.k}`} of turn ${it.turn}, ` +
      `one shock for each of ${it.events.length} members`;
    const fold = el('details', { 'data-key': it.key }, [
      el('summary', { text: first.quarter ? `${first.quarter}: ${what}` : what }),
      el('ul', {}, it.events.map((e) => el('li', { text: eventWords(Object.assign({}, e, { quarter: '' })) }))),
    ]);
    fold.open = open.has(it.key);
    return el('li', { class: `kind-${first.kind} bloc-move` }, [fold]);
  });
}
state.eventItems = eventItems;  // for the browser test

function possessive(name) {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

// An event of the turn in words (with its quarter when a turn plays several).
// The session names each move tN_AGENT_K and each inject tN_inject_K (docs/workshop.md); the
// room reads "the Philippines' move of turn 2" instead.
function eventWords(e) {
  const text = e.text
    .replace(/\bt(\d+)_inject_(\d+)\b/g, (m, n, k) => `the facilitator's inject${k === '1' ? '' : ` ${k}`} of turn ${n}`)
    .replace(/\bt(\d+)_([A-Z]{3,})_(\d+)(?:_([A-Z]{3}))?\b/g, (m, n, a, k, member) =>
      `${possessive(agentName(a))} move${k === '1' ? '' : ` ${k}`} of turn ${n}${member ? ` (for ${agentName(member)})` : ''}`);
  return e.quarter ? `${e.quarter}: ${text}` : text;
}

// The security-tie network of the quarter, the pairs whose tie changed this turn in orange.
function drawTies(v, c) {
  const before = state.tiesBefore && state.tiesBefore.id === v.id ? state.tiesBefore.levels : new Map();
  const changed = new Map();
  for (const e of c.events.filter((x) => x.kind === 'tie_change' && x.agent && x.partner)) {
    const key = e.agent < e.partner ? `${e.agent} ${e.partner}` : `${e.partner} ${e.agent}`;
    const now = c.ties.find((t) => (t.a === e.agent && t.b === e.partner) || (t.a === e.partner && t.b === e.agent));
    changed.set(key, { from: before.has(key) ? before.get(key) : '?', to: now ? now.level : 0 });
  }
  // The delegations' own ties (every pair drawn would hide them), and whatever changed.
  const nodes = v.state.agents.map((a) => ({ id: a.id, name: agentName(a.id), gdp: a.gdp, alignment: a.alignment }));
  const edges = screenTies(v, c).map((t) => ({ source: t.a, target: t.b, level: t.level }));
  C.tieNetwork($('screen-ties'), { nodes, edges }, {
    changed, minLevel: 0,
    title: 'Security ties of the delegations',
    subtitle: `lines: ${TIE_WORDS[2]} and closer, thicker for closer ties; orange: changed this turn`,
  });
  window.echarts.getInstanceByDom($('screen-ties')).setOption({ title: { textStyle: { fontSize: 22 }, subtextStyle: { fontSize: 14 } },
                                                                series: [{ id: 'ties', label: { fontSize: 15 } }] });
  const levels = new Map();
  for (const t of c.ties) levels.set(t.a < t.b ? `${t.a} ${t.b}` : `${t.b} ${t.a}`, t.level);
  state.tiesBefore = { id: v.id, levels };
}

// The ties the screen draws: those of a delegation's country at level 2 (comprehensive
// partnership) and above, and any pair whose tie changed in the turn.
function screenTies(v, c) {
  // A bloc's delegation plays its members; the ties among them are not the delegation's.
  const blocOf = new Map();
  for (const d of v.delegations) {
    const bloc = (v.blocs || []).find((b) => b.id === d.agent);
    for (const m of bloc ? bloc.members : [d.agent]) blocOf.set(m, d.agent);
  }
  const changed = new Set(c.events.filter((e) => e.kind === 'tie_change').map((e) => [e.agent, e.partner].sort().join(' ')));
  return c.ties.filter((t) => ((blocOf.has(t.a) || blocOf.has(t.b)) && blocOf.get(t.a) !== blocOf.get(t.b) && t.level >= 2) ||
                              changed.has([t.a, t.b].sort().join(' ')));
}

// The trade chart's bars: each delegation's country's trade shares with the partners that hold
// at least 5% of some delegation's trade, largest first, and the rest of its partners together
// as "others". {agents, partners, shares: {partner: [share of each agent]}}.
function tradeBars(trade) {
  const agents = [...new Set(trade.map((t) => t.agent))];
  const largest = new Map();
  for (const t of trade) largest.set(t.partner, Math.max(largest.get(t.partner) || 0, t.share));
  const partners = [...largest.keys()].filter((p) => largest.get(p) >= 0.05).sort((a, b) => largest.get(b) - largest.get(a));
  const shares = {};
  for (const p of partners) shares[p] = agents.map((a) => { const t = trade.find((x) => x.agent === a && x.partner === p); return t ? t.share : 0; });
  shares.others = agents.map((a) => trade.filter((t) => t.agent === a && !partners.includes(t.partner)).reduce((sum, t) => sum + t.share, 0));
  return { agents, partners: [...partners, 'others'], shares };
}

// Each delegation's country's trade shares, one bar per country stacked by partner (series
// id = partner, or "others").
function drawTrade(v, c) {
  const { agents, partners, shares } = tradeBars(c.trade);
  const chart = window.echarts.getInstanceByDom($('screen-trade')) || window.echarts.init($('screen-trade'));
  chart.setOption({
    animation: false, color: C.palette,
    title: { text: `Trade shares, ${v.quarter}`, subtext: 'share of each country\'s trade', left: 0,
             textStyle: { fontSize: 22 }, subtextStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: percent },
    legend: { bottom: 0, left: 0, textStyle: { fontSize: 15 } },
    grid: { left: 70, right: 30, top: 70, bottom: 90 },
    xAxis: { type: 'value', max: 1,
             axisLabel: { fontSize: 14, formatter: (x) => `${Math.round(100 * x)}%` } },
    yAxis: { type: 'category', data: agents, axisLabel: { fontSize: 16 } },
    series: partners.map((p, i) => ({
      id: p, name: p === 'others' ? 'others' : agentName(p), type: 'bar', stack: 'share',
      color: p === 'others' ? '#c8c8c8' : C.palette[i % C.palette.length],
      label: { show: true, formatter: (x) => (x.value >= 0.08 ? `${p === 'others' ? '' : `${p} `}${Math.round(100 * x.value)}%` : ''), fontSize: 15 },
      data: shares[p],
    })),
  }, true);
}

function drawFans(v, c) {
  const box = $('screen-fans');
  const keys = Object.keys(c.fans);
  // One container per series, kept across turns so that the charts redraw in place.
  for (const node of [...box.children]) if (!keys.includes(node.dataset.series)) node.remove();
  keys.forEach((key, i) => {
    let node = box.querySelector(`[data-series="${key}"]`);
    if (!node) {
      node = el('div', { class: 'chart fan', 'data-series': key });
      box.appendChild(node);
    }
    const s = c.fans[key];
    fanChart(node, v.fan, s, { big: true, color: C.palette[i % C.palette.length],
                               title: `${seriesTitle(s, v.agents.concat(v.blocs || []))} (${s.indicator === 'gdp' ? 'USD bn a year' : '-1 China, +1 the US'})`,
                               subtitle: fanWords(v.fan, s) });
  });
  state.drawn = { count: state.drawn.count + 1, version: v.version, step: v.step, at: performance.now() };
}

function setView(screen) {
  state.screen = screen;
  history.replaceState(null, '', screen ? '#screen' : '#');
  showPanels();
  if (screen) drawScreen();
  resizeCharts();
}

// ---- Start ------------------------------------------------------------------------------------

async function start() {
  fillInjectKinds();
  $('token-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (await useToken($('token').value.trim())) {
      $('token').value = '';
      showPanels();
    }
  });
  $('forget-token').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(SESSION_KEY);
    location.reload();
  });
  $('open-session').addEventListener('click', () => { if ($('sessions').value) openSession($('sessions').value); });
  $('close-session').addEventListener('click', closeSession);
  $('fullscreen').addEventListener('click', () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch((e) => status(e.message, true));
  });
  $('start-form').addEventListener('submit', startSession);
  $('scenario').addEventListener('change', () => {
    const s = state.scenarios.find((x) => x.name === $('scenario').value);
    $('scenario-description').textContent = s ? s.description : '';
  });
  $('advance').addEventListener('click', () => act($('advance'), '/advance', 'playing the turn and computing the futures…'));
  $('rollback').addEventListener('click', () => act($('rollback'), '/rollback', 'undoing the last turn…'));
  $('export').addEventListener('click', exportYaml);
  $('inject-form').addEventListener('submit', inject);
  $('show-facilitate').addEventListener('click', () => setView(false));
  $('show-screen').addEventListener('click', () => setView(true));
  $('open-screen').addEventListener('click', () => window.open('/workshop#screen', `geosim-screen-${state.sessionId}`));
  window.addEventListener('hashchange', () => setView(location.hash === '#screen'));
  window.addEventListener('resize', resizeCharts);

  try {
    const [list, region] = await Promise.all([request(null, 'GET', '/api/scenarios'),
                                              fetch('/assets/region.geojson').then((r) => r.json())]);
    state.scenarios = list.scenarios;
    state.region = region;
  } catch (e) {
    status(e.message, true);
  }
  for (const s of state.scenarios) $('scenario').appendChild(el('option', { value: s.name, text: s.name }));
  if (state.scenarios.some((s) => s.name === 'baseline')) $('scenario').value = 'baseline';
  $('scenario').dispatchEvent(new Event('change'));

  showPanels();
  if (state.token && await useToken(state.token) && state.sessionId) await openSession(state.sessionId);
  showPanels();
  state.ready = true;
}

start();
