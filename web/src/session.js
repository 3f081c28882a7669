// What the workshop pages share (workshop.js, the facilitator's; delegation.js, a delegation's):
// the JSON API with a bearer token, the live event stream of a session, the fan chart of a
// series, and plain words for numbers. docs/workshop.md describes the API these follow.
// Tokens live in sessionStorage (per browser tab) and travel only in the Authorization header.

const C = window.GeosimCharts;
export const el = C.el;
export const $ = (id) => document.getElementById(id);

// The page's status line (id "status"): a message, styled as an error when `error`.
export function showStatus(text, error) {
  $('status').textContent = text || '';
  $('status').className = error ? 'error' : '';
}

// A page's calls to its session, with the token and session id its `state` holds now.
export function sessionApi(state) {
  return {
    api: (method, path, body) => request(state.token, method, path, body),
    sessionPath: (suffix) => `/api/sessions/${encodeURIComponent(state.sessionId)}${suffix || ''}`,
  };
}

// An agent's name from the session's view, or its id.
export function agentNameIn(view, id) {
  const a = [...((view && view.agents) || []), ...((view && view.blocs) || [])].find((x) => x.id === id);
  return a ? a.name : id;
}

// A JSON request with the token; rejects with the server's message (and .status) on a 4xx/5xx.
export async function request(token, method, path, body) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const type = res.headers.get('Content-Type') || '';
  const payload = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const message = (payload && payload.error) || (typeof payload === 'string' && payload) || `HTTP ${res.status}`;
    throw Object.assign(new Error(message), { status: res.status });
  }
  return payload;
}

// Reads a session's server-sent events with fetch (EventSource cannot send the Authorization
// header) and calls onUpdate(data) for each `update` event, and once on every (re)connection,
// since updates may have been missed while it was down. On an error or the end of the stream it
// reconnects after 0.5 s, doubling to at most 15 s, back to 0.5 s once a connection holds. A
// 401 or 403 stops it (the token is gone or ended: joining again ends the old one) and calls
// onState('refused', message). onState also hears 'live' and 'reconnecting'.
export function followStream(token, sessionId, onUpdate, onState) {
  const abort = new AbortController();
  let delay = 500;
  let stopped = false;

  async function once() {
    const res = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/stream`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
      signal: abort.signal,
      cache: 'no-store',
    });
    if (res.status === 401 || res.status === 403) {
      let message = `HTTP ${res.status}`;
      try { message = (await res.json()).error || message; } catch (e) { /* not JSON */ }
      throw Object.assign(new Error(message), { refused: true });
    }
    if (!res.ok || !res.body) throw new Error(`stream: HTTP ${res.status}`);
    onState('live');
    delay = 500;
    onUpdate(null);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;  // a keep-alive comment
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = val;
          else if (field === 'data') data.push(val);
        }
        if (event !== 'update') continue;
        let parsed = null;
        try { parsed = JSON.parse(data.join('\n')); } catch (e) { /* an update all the same */ }
        onUpdate(parsed);
      }
    }
  }

  (async () => {
    while (!stopped) {
      try {
        await once();
      } catch (e) {
        if (stopped) return;
        if (e.refused) { onState('refused', e.message); return; }
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise((ok) => setTimeout(ok, delay));
      delay = Math.min(15000, delay * 2);
    }
  })();

  return () => { stopped = true; abort.abort(); };
}

// Runs `load` for each update, never two at once: updates that arrive while one runs fold into
// one more run after it. Resolves nothing; errors go to onError.
export function coalesced(load, onError) {
  let running = false;
  let again = false;
  return async function trigger() {
    if (running) { again = true; return; }
    running = true;
    try {
      do {
        again = false;
        try { await load(); } catch (e) { onError(e); }
      } while (again);
    } finally {
      running = false;
    }
  };
}

export const INDICATOR_WORDS = {
  gdp: ['GDP', 'USD bn a year'],
  alignment: ['Alignment', '-1 China, +1 the US'],
  asean_alignment: ['ASEAN alignment', '-1 China, +1 the US'],
};

export function seriesTitle(s, agents) {
  const [words] = INDICATOR_WORDS[s.indicator] || [s.indicator.replaceAll('_', ' ')];
  if (s.indicator === 'asean_alignment') return words;
  const name = (agents || []).find((a) => a.id === s.agent);
  return `${name ? name.name : s.agent}: ${words}`;
}

// The chart key of a fan series (its container's data-series): "gdp-PHL", "asean_alignment".
export function seriesKey(s) {
  return s.agent && s.indicator !== 'asean_alignment' ? `${s.indicator}-${s.agent}` : s.indicator;
}

// The lines of a fan chart over all of fan.dates, padded with null where a line has no value:
// the path so far (steps 0..step), the futures' bands and median (step..horizon, starting at the
// present), and the baseline's band and median (0..horizon). Exported so that the tests can
// hold the charts against the API's numbers with the same padding.
export function fanLines(fan, s) {
  const n = fan.dates.length;
  const pad = (values, from) => {
    const out = new Array(n).fill(null);
    (values || []).forEach((v, i) => { if (from + i < n) out[from + i] = v; });
    return out;
  };
  const step = s.path.length - 1;
  return {
    path: pad(s.path, 0),
    p5: pad(s.futures.p5, step), p25: pad(s.futures.p25, step), p50: pad(s.futures.p50, step),
    p75: pad(s.futures.p75, step), p95: pad(s.futures.p95, step),
    base_p5: pad(s.baseline && s.baseline.p5, 0), base_p50: pad(s.baseline && s.baseline.p50, 0),
    base_p95: pad(s.baseline && s.baseline.p95, 0),
  };
}

function minus(a, b) {
  return a.map((x, i) => (x === null || b[i] === null ? null : x - b[i]));
}

function band(id, name, lo, hi, color, opacity) {
  return [
    { id: `${id}-lo`, name, type: 'line', data: lo, stack: id, stackStrategy: 'all', symbol: 'none',
      lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false }, connectNulls: false },
    { id: `${id}-width`, name, type: 'line', data: minus(hi, lo), stack: id, stackStrategy: 'all', symbol: 'none',
      lineStyle: { opacity: 0 }, areaStyle: { color, opacity }, silent: true, tooltip: { show: false } },
  ];
}

// Draws the fan chart of one series into `container`. Series ids: "path" (the session so far),
// "median" (the futures' median), "p5-p95-lo"/"p5-p95-width" and "p25-p75-lo"/"p25-p75-width"
// (the futures' bands: the lower edge, then the width stacked on it), "baseline" (the baseline's
// median) and "baseline-band-lo"/"baseline-band-width" (its 5-95 band).
export function fanChart(container, fan, s, opts) {
  opts = opts || {};
  const lines = fanLines(fan, s);
  const color = opts.color || C.palette[0];
  const big = !!opts.big;
  const step = s.path.length - 1;
  const format = (v) => (v === null || v === undefined ? '' : Number(Number(v).toPrecision(4)).toString());
  const series = [
    ...band('baseline-band', 'baseline 5-95%', lines.base_p5, lines.base_p95, '#888', 0.12),
    { id: 'baseline', name: 'baseline median', type: 'line', data: lines.base_p50, symbol: 'none',
      lineStyle: { color: '#777', width: 1.5, type: 'dashed' }, itemStyle: { color: '#777' } },
    ...band('p5-p95', 'futures 5-95%', lines.p5, lines.p95, color, 0.18),
    ...band('p25-p75', 'futures 25-75%', lines.p25, lines.p75, color, 0.35),
    { id: 'median', name: 'futures median', type: 'line', data: lines.p50, symbol: 'none',
      lineStyle: { color, width: 2 }, itemStyle: { color } },
    { id: 'path', name: 'so far', type: 'line', data: lines.path, symbol: step === 0 ? 'circle' : 'none',
      symbolSize: 6, lineStyle: { color: '#111', width: big ? 3.5 : 2.5 }, itemStyle: { color: '#111' },
      markLine: { silent: true, symbol: 'none', label: { show: true, formatter: fan.dates[step], fontSize: big ? 16 : 12 },
                  lineStyle: { color: '#111', type: 'dotted' }, data: [{ xAxis: fan.dates[step] }] } },
  ];
  const chart = window.echarts.getInstanceByDom(container) || window.echarts.init(container, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    // The subtitle (a sentence of numbers) wraps within the chart rather than run off its edge.
    title: { text: opts.title || '', subtext: opts.subtitle || '', left: 0,
             textStyle: { fontSize: big ? 22 : 15 },
             subtextStyle: { fontSize: big ? 15 : 12, lineHeight: big ? 20 : 15, width: Math.max(200, container.clientWidth - 10),
                            overflow: 'break' } },
    tooltip: { trigger: 'axis', valueFormatter: format },
    legend: { bottom: 0, left: 0, textStyle: { fontSize: big ? 15 : 12 },
              data: ['so far', 'futures median', 'baseline median'] },
    grid: { left: big ? 70 : 56, right: 20, top: big ? 76 : 72, bottom: big ? 56 : 46 },
    xAxis: { type: 'category', data: fan.dates, boundaryGap: false, axisLabel: { fontSize: big ? 14 : 11 } },
    yAxis: { type: 'value', scale: true, axisLabel: { fontSize: big ? 14 : 11 } },
    series,
  }, true);
  return chart;
}

// A fan in words, for its chart's subtitle: the value now, and the median and 90% range of the
// futures at the horizon.
export function fanWords(fan, s) {
  const fmt = (v) => (v === null || v === undefined ? '?' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
  const last = (a) => a[a.length - 1];
  const now = s.path[s.path.length - 1];
  return `now ${fmt(now)}; ${last(fan.dates)}: median ${fmt(last(s.futures.p50))} ` +
         `(90% of futures ${fmt(last(s.futures.p5))} to ${fmt(last(s.futures.p95))}), baseline ${fmt(last(s.baseline.p50))}`;
}

// Alignment in words, for the numbers panels.
export function alignmentWords(a) {
  if (a === null || a === undefined) return '';
  const side = a > 0.05 ? 'toward the US' : a < -0.05 ? 'toward China' : 'in the middle';
  return `${a >= 0 ? '+' : ''}${a.toFixed(2)} (${side})`;
}

export const TIE_WORDS = ['none', 'dialogue partnership', 'comprehensive partnership', 'strategic partnership',
                          'comprehensive strategic partnership', 'treaty alliance'];

export function percent(x) {
  return x === null || x === undefined ? '' : `${(100 * x).toFixed(1)}%`;
}

// Shows in `node` the time left to a turn's deadline (UTC, ISO 8601; docs/workshop.md, the turn
// timer), ticking each second on the device's clock, or nothing when there is no deadline. A
// display only: the server plays the turn, and its update redraws the page.
const ticking = new WeakMap();
export function showDeadline(node, deadline) {
  clearInterval(ticking.get(node));
  node.textContent = '';
  node.hidden = !deadline;
  if (!deadline) return;
  const end = Date.parse(deadline);
  const tick = () => {
    const left = Math.max(0, Math.round((end - Date.now()) / 1000));
    node.textContent = left > 0 ? `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} left in this turn`
                                : 'time is up: the turn is being played';
    node.classList.toggle('urgent', left <= 30);
    if (left === 0) clearInterval(ticking.get(node));
  };
  tick();
  ticking.set(node, setInterval(tick, 1000));
}

// Resizes every chart of the page with the window.
export function resizeCharts() {
  for (const e of document.querySelectorAll('.chart')) window.echarts.getInstanceByDom(e)?.resize();
}
