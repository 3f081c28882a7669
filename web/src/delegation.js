// A delegation's page of a workshop session (geosim serve, /delegation; docs/workshop.md): join
// with the code the facilitator gave, then see the country's numbers and fan, the moves others
// made toward it and its alerts, and submit its moves for the turn with forms built from the
// session's levers (GET /api/sessions/ID/levers). Follows the session's event stream and GETs
// the session on each update; it never polls.
//
// Element ids the browser test drives: code, join; move-kind, move-fields (inputs field-NAME,
// field-partner), add-move, draft, submit-moves, submit-none, move-error; one .chart per fan
// series in #my-fans with data-series ("gdp-PHL", "asean_alignment"). window.geosimDelegation
// holds the view drawn last (`view`), the levers, the fans drawn (`charted`) and counters.
import { $, el, request, showStatus, sessionApi, agentNameIn, followStream, coalesced, fanChart, fanWords, seriesKey, seriesTitle, alignmentWords,
         TIE_WORDS, percent, resizeCharts, showDeadline } from './session.js';

const C = window.GeosimCharts;
const KEY = 'geosim.delegation';

const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
const state = {
  ready: false,
  token: saved && saved.token,
  sessionId: saved && saved.session,
  agent: saved && saved.agent,
  view: null,
  levers: null,
  draft: [],          // the moves being written, as they will be sent
  draftFor: null,     // the turn and step the draft belongs to
  submits: 0,         // moves accepted by the server
  refusals: 0,        // moves refused (the message is in #move-error)
  updates: 0,
  live: '',           // the event stream: 'live', 'reconnecting' or 'refused'
  connections: 0,     // times the stream has (re)connected
  charted: null,      // {version, step, fans: {key: series}}
  drawn: { count: 0, version: -1, step: -1 },
};
window.geosimDelegation = state;

let stopStream = null;

const status = showStatus;

const { api, sessionPath } = sessionApi(state);

const agentName = (id) => agentNameIn(state.view, id);

function showPanels() {
  const joined = !!state.token;
  $('join-panel').hidden = joined && !!state.view;
  $('play').hidden = !state.view;
  $('leave').hidden = !joined;
}

// ---- Joining ---------------------------------------------------------------------------------

async function join(event) {
  event.preventDefault();
  $('join-error').textContent = '';
  $('join').disabled = true;
  try {
    const r = await request(null, 'POST', '/api/join', { code: $('code').value.trim().toUpperCase() });
    Object.assign(state, { token: r.token, sessionId: r.session, agent: r.agent, view: null, levers: null, draftFor: null });
    sessionStorage.setItem(KEY, JSON.stringify({ token: r.token, session: r.session, agent: r.agent }));
    $('code').value = '';
    await enter();
  } catch (e) {
    $('join-error').textContent = e.status === 404 || e.status === 401 || e.status === 403
      ? `${e.message} (check the code with the facilitator)` : e.message;
  } finally {
    $('join').disabled = false;
  }
}

function leave(message) {
  if (stopStream) stopStream();
  stopStream = null;
  sessionStorage.removeItem(KEY);
  Object.assign(state, { token: null, sessionId: null, agent: null, view: null, levers: null, deadline: undefined });
  showDeadline($('deadline'), null);
  showPanels();
  if (message) $('join-error').textContent = message;
}

async function enter() {
  try {
    const [view, levers] = await Promise.all([api('GET', sessionPath()), api('GET', sessionPath('/levers'))]);
    state.levers = levers;
    fillKinds();
    show(view);
  } catch (e) {
    if (e.status === 401 || e.status === 403 || e.status === 404) return leave(`${e.message}: join again with your code.`);
    status(e.message, true);
  }
  if (stopStream) stopStream();
  stopStream = followStream(state.token, state.sessionId, () => {
    state.updates += 1;
    refresh();
  }, (what, message) => {
    state.live = what;
    state.connections += what === 'live' ? 1 : 0;
    $('live').textContent = what === 'live' ? '● live' : what === 'reconnecting' ? '○ reconnecting…' : `not following: ${message}`;
    $('live').className = `live ${what}`;
    if (what === 'refused') leave(`${message}: this page's token has ended (joined again elsewhere?). Join again with your code.`);
  });
}

// A token the server no longer knows (the code was used again on another device, which ends
// this one) sends the page back to the code form, saying why.
const refresh = coalesced(async () => {
  if (!state.sessionId) return;
  if (!state.levers) {  // the first load failed (the server was down): the forms come now
    state.levers = await api('GET', sessionPath('/levers'));
    fillKinds();
  }
  show(await api('GET', sessionPath()));
}, (e) => {
  if (e.status === 401 || e.status === 403) leave(`${e.message}: your code was used again elsewhere, which ends this page's access. Join again with your code.`);
  else status(e.message, true);
});

// ---- The view -------------------------------------------------------------------------------------

function show(view) {
  if (!state.token || view.id !== state.sessionId) return;  // an answer for a page left meanwhile
  if (state.view && view.version < state.view.version) return;
  state.view = view;
  showPanels();
  const me = state.agent;
  $('who').textContent = `· ${agentName(me)} (${me}) · session ${view.id}`;
  $('country').textContent = agentName(me);
  $('turn').textContent = String(view.turn);
  $('quarter').textContent = view.quarter + (view.finished ? ' (finished)' : '');
  $('next').textContent = view.finished ? 'The session has reached its horizon.'
    : `Your moves take effect from ${view.next.from}. You may change them until the facilitator plays the turn.`;

  if (view.deadline !== state.deadline) {
    state.deadline = view.deadline;
    showDeadline($('deadline'), view.deadline);
  }
  drawNumbers(view);
  drawNews(view);
  // The draft follows the server whenever the turn changes (a new turn, or a rollback that
  // hands the turn's moves back); within a turn it is the delegation's own.
  const turnKey = `${view.turn} ${view.step}`;
  const mine = ((view.pending && view.pending.moves && view.pending.moves[me]) || []);
  if (state.draftFor !== turnKey) {
    if (state.draftFor !== null) status(`now ${view.quarter}: turn ${view.turn}`);
    state.draft = mine.map(strip);
    state.draftFor = turnKey;
    $('move-error').textContent = '';
  }
  drawDraft();
  const d = view.delegations.find((x) => x.agent === me);
  $('submitted').textContent = d && d.submitted
    ? `Submitted for this turn: ${d.moves} move${d.moves === 1 ? '' : 's'}${mine.length ? ` (${mine.map((m) => m.text).join('; ')})` : ''}.`
    : 'Not submitted yet this turn.';
  for (const id of ['submit-moves', 'submit-none', 'add-move']) $(id).disabled = !!view.finished;
  drawFans(view);
}

function drawNumbers(view) {
  const me = state.agent;
  // A bloc's delegation (ASEAN) plays its members: its GDP is theirs summed, its ties the bloc's.
  const bloc = (view.blocs || []).find((b) => b.id === me);
  const a = (bloc ? (view.state.blocs || []) : view.state.agents).find((x) => x.id === me) || {};
  const rows = [
    ['GDP', a.gdp === undefined ? '' : `USD ${a.gdp.toFixed(1)} bn a year`],
    bloc ? ['Members', bloc.members.map(agentName).join(', ')]
      : ['Growth', a.gdp_growth === undefined ? '' : `${(100 * a.gdp_growth).toFixed(1)}% a year`],
    ['Alignment', alignmentWords(a.alignment)],
  ];
  $('numbers-title').textContent = bloc ? 'Your bloc' : 'Your country';
  $('numbers').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
  const ties = (bloc ? (view.state.bloc_ties || []).filter((t) => t.bloc === me).map((t) => ({ a: me, b: t.partner, level: t.level }))
    : view.state.ties.filter((t) => (t.a === me || t.b === me) && t.level > 0))
    .sort((x, y) => y.level - x.level);
  $('my-ties').replaceChildren(...(ties.length ? ties.map((t) => {
    const other = t.a === me ? t.b : t.a;
    return el('li', { text: `${agentName(other)}: ${TIE_WORDS[t.level] || t.level}` });
  }) : [el('li', { class: 'none', text: 'None in the session\'s view.' })]));
  // The partners with 2% or more of the country's trade, largest first, and the rest together.
  const trade = (view.state.trade_share || []).filter((t) => t.agent === me).sort((x, y) => y.share - x.share);
  const shown = trade.filter((t) => t.share >= 0.02);
  const rest = trade.filter((t) => t.share < 0.02);
  const items = shown.map((t) => el('li', { text: `${agentName(t.partner)}: ${percent(t.share)}` }));
  if (rest.length) items.push(el('li', { class: 'rest', text: `${rest.length} others: ${percent(rest.reduce((x, t) => x + t.share, 0))}` }));
  $('my-trade').replaceChildren(...(items.length ? items : [el('li', { class: 'none', text: 'None in the session\'s view.' })]));
}

function words(item) {
  if (typeof item === 'string') return item;
  const when = item.turn !== undefined ? `turn ${item.turn}: ` : item.quarter ? `${item.quarter}: ` : '';
  return when + (item.text || JSON.stringify(item));
}

function drawNews(view) {
  const alerts = (view.alerts || []).map((a) => el('li', { text: words(a) }));
  $('alerts').replaceChildren(...(alerts.length ? alerts : [el('li', { class: 'none', text: 'None this turn.' })]));
  const toward = (view.toward_me || []).map((m) => el('li', { text: words(m) }));
  $('toward-me').replaceChildren(...(toward.length ? toward : [el('li', { class: 'none', text: 'None so far.' })]));
}

function drawFans(view) {
  const fans = {};
  for (const s of (view.fan && view.fan.series) || []) fans[seriesKey(s)] = s;
  state.charted = { version: view.version, step: view.step, quarter: view.quarter, dates: view.fan ? view.fan.dates : [], fans };
  const box = $('my-fans');
  const keys = Object.keys(fans);
  for (const node of [...box.children]) if (!keys.includes(node.dataset.series)) node.remove();
  keys.forEach((key, i) => {
    let node = box.querySelector(`[data-series="${key}"]`);
    if (!node) {
      node = el('div', { class: 'chart fan', 'data-series': key });
      box.appendChild(node);
    }
    const s = fans[key];
    fanChart(node, view.fan, s, { color: C.palette[i % C.palette.length], title: seriesTitle(s, view.agents.concat(view.blocs || [])),
                                  subtitle: fanWords(view.fan, s) });
  });
  state.drawn = { count: state.drawn.count + 1, version: view.version, step: view.step };
}

// ---- Moves --------------------------------------------------------------------------------------

// A move as sent, from the server's record of it (the request it was made with; without the
// text and time the server adds).
function strip(m) {
  if (m.request && typeof m.request === 'object') return Object.assign({}, m.request);
  const out = Object.assign({}, m);
  for (const k of ['text', 'time', 'turn', 'who']) delete out[k];
  return out;
}

function moveWords(m) {
  const lever = state.levers && state.levers.moves.find((x) => x.kind === m.kind);
  const rest = Object.entries(m).filter(([k]) => k !== 'kind' && k !== 'partner')
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('+') : v}`).join(', ');
  return `${lever ? lever.label : m.kind}${m.partner ? ` → ${agentName(m.partner)}` : ''}${rest ? ` (${rest})` : ''}`;
}

function drawDraft() {
  const list = $('draft');
  list.replaceChildren(...state.draft.map((m, i) => {
    const remove = el('button', { type: 'button', class: 'remove', 'data-index': String(i), text: 'remove' });
    remove.addEventListener('click', () => { state.draft.splice(i, 1); drawDraft(); });
    return el('li', {}, [moveWords(m), remove]);
  }));
  if (!state.draft.length) list.appendChild(el('li', { class: 'none', text: 'No move in your list.' }));
  $('submit-moves').disabled = !state.draft.length || !!(state.view && state.view.finished);
}

function fillKinds() {
  const select = $('move-kind');
  select.replaceChildren(...state.levers.moves.map((m) => el('option', { value: m.kind, text: m.label || m.kind })));
  drawMoveFields();
}

function optionOf(o) {
  return typeof o === 'object' && o !== null ? { value: String(o.value ?? o.id), label: o.label || o.name || String(o.value ?? o.id) }
                                             : { value: String(o), label: String(o) };
}

// The form of the chosen kind: the partner first, then the lever's fields in their order.
function drawMoveFields() {
  const lever = state.levers.moves.find((m) => m.kind === $('move-kind').value);
  const box = $('move-fields');
  box.replaceChildren(el('legend', { text: lever.label || lever.kind }));
  const grid = el('div', { class: 'form-grid' });
  // Every move but one (defence) is toward a partner; the levers say which ("partner": false).
  if (lever.partner !== false) {
    const partner = el('select', { id: 'field-partner', name: 'partner' },
                       state.levers.partners.filter((p) => lever.bloc_partner || !(state.levers.blocs || []).includes(p))
                         .map((p) => el('option', { value: p, text: `${agentName(p)} (${p})` })));
    grid.append(el('label', { for: 'field-partner', text: 'Partner' }), partner);
  }
  for (const f of lever.fields) {
    if (f.name === 'partner') continue;
    const id = `field-${f.name}`;
    let input;
    if (f.type === 'sectors') {
      input = el('select', { id, multiple: '' }, state.levers.sectors.map((s) => el('option', { value: s.id, text: `${s.name} (${s.id})` })));
      for (const o of input.options) o.selected = Array.isArray(f.default) && f.default.includes(o.value);
    } else if (f.type === 'choice') {
      input = el('select', { id }, (f.optional ? [el('option', { value: '', text: '' })] : [])
        .concat((f.options || []).map(optionOf).map((o) => el('option', { value: o.value, text: o.label }))));
      if (f.default !== undefined) input.value = String(f.default);
    } else if (f.type === 'boolean') {
      input = el('input', { id, type: 'checkbox' });
      input.checked = !!f.default;
    } else {
      input = el('input', { id, type: 'number', step: f.type === 'integer' ? '1' : 'any' });
      if (f.min !== undefined) input.min = String(f.min);
      if (f.max !== undefined) input.max = String(f.max);
      if (f.default !== undefined && f.default !== null) input.value = String(f.default);
      if (f.optional) input.placeholder = 'optional';
    }
    input.dataset.field = f.name;
    input.dataset.type = f.type;
    input.dataset.optional = String(!!f.optional);
    grid.append(el('label', { for: id, text: f.label || f.name, title: f.name }), input);
  }
  box.appendChild(grid);
}

// The move of the form, with only the fields given: an empty optional field or an empty list of
// goods is left out (the server's default applies).
function formMove() {
  const move = { kind: $('move-kind').value };
  if ($('field-partner')) move.partner = $('field-partner').value;
  for (const input of $('move-fields').querySelectorAll('[data-field]')) {
    const type = input.dataset.type;
    if (type === 'sectors') {
      const picked = [...input.selectedOptions].map((o) => o.value);
      if (picked.length) move[input.dataset.field] = picked;
    } else if (type === 'boolean') {
      // An optional switch left off is left out (its default is off).
      if (input.checked || input.dataset.optional !== 'true') move[input.dataset.field] = input.checked;
    } else if (type === 'choice') {
      if (input.value !== '') move[input.dataset.field] = input.value;
    } else if (input.value.trim() !== '') {
      move[input.dataset.field] = Number(input.value);
    }
  }
  return move;
}

async function submit(moves) {
  $('move-error').textContent = '';
  for (const id of ['submit-moves', 'submit-none']) $(id).disabled = true;
  try {
    const r = await api('POST', sessionPath('/moves'), { moves });
    state.draft = (r.moves || []).map(strip);
    state.submits += 1;
    status(moves.length ? `submitted: ${(r.moves || []).map((m) => m.text).join('; ')}` : 'submitted: no move this turn');
    refresh();
  } catch (e) {
    state.refusals += 1;
    $('move-error').textContent = e.message;
    status('the server refused the moves (below)', true);
  } finally {
    $('submit-none').disabled = false;
    drawDraft();
  }
}

// ---- Start ------------------------------------------------------------------------------------

async function start() {
  $('join-form').addEventListener('submit', join);
  $('leave').addEventListener('click', () => leave(''));
  $('move-kind').addEventListener('change', drawMoveFields);
  $('move-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (state.draft.length >= 8) { $('move-error').textContent = 'At most 8 moves a turn.'; return; }
    state.draft.push(formMove());
    $('move-error').textContent = '';
    drawDraft();
  });
  $('submit-moves').addEventListener('click', () => submit(state.draft.slice()));
  $('submit-none').addEventListener('click', () => submit([]));
  window.addEventListener('resize', resizeCharts);
  showPanels();
  if (state.token) await enter();
  state.ready = true;
}

start();
