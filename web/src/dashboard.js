// The workshop dashboard (geosim serve): pick a scenario of the library, switch its shocks off or
// move their numbers and dates, run a sweep and see the distributions against the baseline, step
// through one run, download the edited scenario. Talks to the JSON API of docs/http-api.md and
// draws with the chart builders of charts.js. Chart containers have fixed ids, which the browser
// tests read: chart-asean, chart-trade (with its goods selector trade-sector), chart-agents, chart-tension,
// map (with map-view), the targeted economy's chart-focus-gdp, chart-focus-trade and
// chart-focus-visitors (with focus-economy and focus-partner), run-map, run-line.
// window.geosimDashboard exposes the last responses and counters for the tests.
(function () {
  'use strict';

  const C = window.GeosimCharts;
  const el = C.el;
  const $ = (id) => document.getElementById(id);
  const state = {
    scenarios: [], region: null, sweep: null, sweeps: 0, runToChartMs: null, warming: 0, poll: null,
    run: null, runs: 0, step: 0, timer: null,
  };
  window.geosimDashboard = state;

  function status(text, error) {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
  }

  async function api(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    if (!res.ok) throw Object.assign(new Error(json.error || `HTTP ${res.status}`), { status: res.status });
    return json;
  }

  function current() {
    return state.scenarios.find((s) => s.name === $('scenario').value);
  }

  // The shock edits of the form: only what differs from the file.
  function edits() {
    const out = {};
    for (const shock of current().shocks) {
      const edit = {};
      if (!$(`shock-${shock.name}`).checked) edit.enabled = false;
      const values = {};
      for (const f of shock.fields) {
        const input = document.querySelector(`input[data-shock="${shock.name}"][data-path="${f.path}"]`);
        if (input.value === f.value) continue;
        values[f.path] = f.type === 'number' ? Number(input.value) : input.value.trim();
      }
      if (Object.keys(values).length) edit.values = values;
      if (Object.keys(edit).length) out[shock.name] = edit;
    }
    return out;
  }

  function seed() {
    const given = $('seed').value.trim();
    return given !== '' ? Number(given) : Number(current().seed);
  }

  // The server runs one sweep or run at a time and refuses another meanwhile, so the page sends
  // its own one after the other.
  let queue = Promise.resolve();
  function queued(work) {
    const next = queue.then(work, work);
    queue = next.catch(() => {});
    return next;
  }
  // Sends at once a request that replaces the one the server is running (?replace=true); what
  // is queued after it waits for both.
  function replacing(work) {
    const next = work();
    queue = Promise.allSettled([queue, next]);
    return next;
  }

  // Sweeps the baseline ahead (same seed and runs as the next sweep) while the facilitator edits
  // shocks: the server remembers it, so pressing "Run sweep" then costs one sweep, not two.
  const warmed = new Set();
  function warmBaseline() {
    if (!$('baseline').checked || current().name === 'baseline' || !state.scenarios.some((s) => s.name === 'baseline')) return;
    const body = { scenario: 'baseline', runs: Number($('runs').value), seed: seed(), focus: focusOf(current()) };
    const key = JSON.stringify([body.runs, body.seed, body.focus]);
    if (warmed.has(key)) return;
    warmed.add(key);
    state.warming += 1;
    queued(() => api('POST', '/api/sweep', body))
      .catch(() => warmed.delete(key))
      .finally(() => { state.warming -= 1; });
  }

  // The senders and targets of the scenario's shocks, as the listing gives them. Each sweep asks
  // for their series (and the baseline swept ahead for the same), whatever the edits.
  function focusOf(s) {
    return { senders: s.senders, targets: s.targets };
  }

  function selection() {
    const body = { scenario: current().name };
    const e = edits();
    if (Object.keys(e).length) body.shocks = e;
    const seed = $('seed').value.trim();
    if (seed !== '') body.seed = Number(seed);
    return body;
  }

  // Plain words for a shock's editable numbers (the path stays in the field's tooltip): the
  // argument, then which end of a distribution or which step of a schedule.
  const WORDS = {
    at: 'starts (quarter)', duration: 'lasts (quarters)', until: 'ends (quarter)', every: 'repeats every (quarters)',
    hazard: 'chance a quarter', from: 'earliest quarter', to: 'latest quarter', delay: 'delay (quarters)',
    imports_blocked: 'imports blocked (share)', tourism_cut: 'tourist spending cut (share)',
    investment_restricted: 'investment restricted (share)', closures: 'investment closed (share)',
    salience: 'salience to the public (0-1)', visitors: 'visitors (share)', goods: 'goods boycotted (share)',
    trust: 'trust change', shift: 'trust shift', share: 'exports withheld (share)', rung: 'incident rung (1-5)',
    rate: 'tariff rate change', coverage: 'goods covered (share)', cut: 'tariff cut (share of the rate)',
    utilisation: 'trade claiming the preference (share)', investment: 'investment subsidy (share of cost)',
    trade: 'trade cost cut (share of price)', level: 'tie level (0-5)', move: 'tie move (rungs)',
    tax: 'sea-lane cost rise (share)', set: 'value', add: 'change', scale: 'factor',
    market_access: 'barriers removed (share of price)', amount: 'aid (USD bn a year)', tie_move: 'tie move (rungs)',
    'pledge.investment': 'pledged investment (USD bn)', 'pledge.credit': 'pledged credit (USD bn)',
    'pledge.quarters': 'pledge paid over (quarters)', 'pledge.realised': 'share of the pledge paid in',
    'retaliation.rate': 'retaliation: tariff rate', 'retaliation.coverage': 'retaliation: goods covered (share)',
    probability: 'probability', credibility: 'US credibility', assistance: 'assistance (USD bn a year)',
    investment_incentives: 'friend-shoring factor', alliance_posture: 'alliance posture (-1, 0, +1)',
    'tariffs.universal': 'US tariff on all partners',
  };
  const ENDS = { uniform: ['low', 'high'], triangular: ['low', 'most likely', 'high'], normal: ['mean', 'sd'],
                 lognormal: ['mu of the log', 'sigma of the log'] };
  function fieldWords(path) {
    let rest = path;
    const parts = [];
    const step = rest.match(/^(schedule|outcomes)\[(\d+)\]\.(.*)$/);
    if (step) {
      parts.push(`${step[1] === 'schedule' ? 'step' : 'outcome'} ${Number(step[2]) + 1}`);
      rest = step[3];
    }
    const dist = rest.match(/^(.*)\.(uniform|triangular|normal|lognormal)\[(\d+)\]$/);
    let end = '';
    if (dist) {
      rest = dist[1];
      end = (ENDS[dist[2]] || [])[Number(dist[3])] || `value ${Number(dist[3]) + 1}`;
    }
    const depth = rest.match(/^sector_depth\.(.+)$/);
    const tariffOn = rest.match(/^tariffs\.(.+)$/);
    const key = WORDS[rest] ? rest : rest.split('.').pop();
    if (depth) parts.push(`depth of the cut on ${depth[1]} (0-1)`);
    else if (tariffOn && !WORDS[rest]) parts.push(`US tariff on ${tariffOn[1]}`);
    else parts.push(WORDS[key] || rest.replaceAll('_', ' '));
    if (end) parts.push(end);
    return parts.join(', ');
  }

  function showShocks() {
    const s = current();
    $('description').textContent = s.description;
    const box = $('shocks');
    box.replaceChildren();
    if (!s.shocks.length) box.appendChild(el('p', { class: 'note', text: 'No shocks: the world runs on its own.' }));
    for (const shock of s.shocks) {
      const toggle = el('input', { type: 'checkbox', id: `shock-${shock.name}` });
      toggle.checked = true;
      const fs = el('fieldset', { class: 'shock' }, [
        el('legend', {}, [toggle, ' ', el('label', { for: `shock-${shock.name}`, text: shock.name }), ' ',
                          el('span', { class: 'kind', text: shock.kind + (shock.after ? `, after ${shock.after}` : '') })]),
      ]);
      toggle.addEventListener('change', () => fs.classList.toggle('off', !toggle.checked));
      for (const f of shock.fields) {
        const id = `field-${shock.name}-${f.path}`;
        const input = f.type === 'date' || f.type === 'quarter'
          ? el('input', { id, type: 'text', size: 10,
                          pattern: f.type === 'date' ? '\\d{4}Q[1-4]|\\d{4}-\\d{2}-\\d{2}' : '\\d{4}Q[1-4]' })
          : el('input', { id, type: 'number', step: /^-?\d+$/.test(f.value) ? '1' : '0.01' });
        input.value = f.value;
        input.dataset.shock = shock.name;
        input.dataset.path = f.path;
        fs.appendChild(el('div', { class: 'field' }, [el('label', { for: id, text: fieldWords(f.path), title: f.path }), input]));
      }
      box.appendChild(fs);
    }
  }

  function find(result, indicator, agent, partner, sector) {
    return result.series.find((s) => s.indicator === indicator && (agent === undefined || s.agent === agent) &&
                                     (partner === undefined || s.partner === partner) &&
                                     (sector === undefined || s.sector === sector));
  }

  // The goods groups of a sweep's trade shares (bloc_sector_trade_share rows), in their order.
  function tradeGroups(r) {
    const groups = [];
    for (const s of r.series)
      if (s.indicator === 'bloc_sector_trade_share' && !groups.includes(s.sector)) groups.push(s.sector);
    return groups;
  }

  // The choices of the trade chart's selector: all goods, then each group; the choice stays when
  // the new sweep has it.
  function fillTradeSectors(r) {
    const select = $('trade-sector');
    const before = select.value;
    select.replaceChildren(el('option', { value: '', text: 'all goods' }),
                           ...tradeGroups(r).map((g) => el('option', { value: g, text: g })));
    select.value = [...select.options].some((o) => o.value === before) ? before : '';
  }

  function chart(id) {
    const e = $(id);
    return echarts.getInstanceByDom(e) || echarts.init(e, null, { renderer: 'canvas' });
  }

  const dashed = { type: 'dashed', width: 1.5 };

  // Every chart can be saved as a PNG for slides (ECharts' toolbox, bottom right; legends at the
  // bottom start on the left, clear of it).
  function savable(...ids) {
    for (const id of ids) {
      const inst = echarts.getInstanceByDom($(id));
      if (inst) inst.setOption({ toolbox: { right: 4, bottom: 0, itemSize: 14,
                                            feature: { saveAsImage: { title: 'save as PNG', pixelRatio: 2, name: id } } } });
    }
  }

  // After a sweep, any change of the inputs (or a refused sweep) leaves charts that no longer
  // match them: say so until a sweep of the inputs as they are now draws.
  function stale(yes, why) {
    const on = !!(yes && state.sweep);
    $('sweep-section').classList.toggle('stale', on);
    const note = $('stale');
    note.hidden = !on;
    const text = on ? `These charts show the last sweep (${state.sweep.scenario}, ${state.sweep.runs} runs); ` +
      `${why}. Press "Run sweep" to update them.` : '';
    if (note.textContent !== text) note.textContent = text;
  }

  // The inputs a sweep is asked for, to tell whether they changed while it ran.
  function inputsNow() {
    return JSON.stringify([selection(), $('runs').value, $('baseline').checked]);
  }

  // The bloc's trade shares with the two poles, of all goods (bloc_trade_share) or of the chosen
  // goods group (bloc_sector_trade_share), with the baseline's dashed.
  function drawTrade() {
    const r = state.sweep;
    if (!r) return;
    const base = r.baseline;
    const group = $('trade-sector').value;
    const indicator = group ? 'bloc_sector_trade_share' : 'bloc_trade_share';
    const bloc = r.series.find((s) => s.indicator === 'asean_alignment');
    const shares = r.series.filter((s) => s.indicator === indicator && (!group || s.sector === group));
    const tradeSeries = [];
    shares.forEach((s, i) => {
      const color = C.palette[i];
      tradeSeries.push({ id: `trade-${s.partner}`, name: s.partner, type: 'line', symbol: 'none', data: s.p50,
                         color, lineStyle: { color, width: 2 } });
      const b = base && find(base, indicator, s.agent, s.partner, s.sector);
      if (b) {
        tradeSeries.push({ id: `baseline-${s.partner}`, name: s.partner, type: 'line', symbol: 'none',
                           color, lineStyle: Object.assign({ color }, dashed), data: b.p50 });
      }
    });
    chart('chart-trade').setOption({
      animation: false,
      title: { text: `Shares of ${bloc.agent} trade${group ? ' in ' + group : ''} (median)`, subtext: 'dashed: baseline',
               textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null ? '' : (100 * v).toFixed(1) + '%') },
      legend: { bottom: 0, left: 0, data: shares.map((s) => s.partner) },
      grid: { left: 50, right: 20, top: 60, bottom: 50 },
      xAxis: { type: 'category', data: r.dates, boundaryGap: false },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: (v) => Math.round(100 * v) + '%' } },
      series: tradeSeries,
    }, true);
    savable('chart-trade');
  }

  // The largest effects against the baseline, as geosim compare ranks them (outputs/effects.cpp).
  function drawEffects(r) {
    const list = $('effects');
    list.replaceChildren();
    if (!r.baseline) return;
    if (!r.effects.length) list.appendChild(el('li', { text: 'No effect against the baseline: every interval spans zero.' }));
    for (const e of r.effects) {
      const who = e.partner ? `${e.agent} ${e.partner}` : e.agent;
      list.appendChild(el('li', { text: `${e.indicator} ${who}: ${e.change} at ${e.peak}` }));
    }
  }

  function drawSweep(r) {
    drawEffects(r);
    const base = r.baseline;
    const bloc = r.series.find((s) => s.indicator === 'asean_alignment');
    const fan = C.fanChart($('chart-asean'), r.dates, bloc, {
      title: `${bloc.agent} alignment`, subtitle: '-1 China, +1 US; median and 25-75, 5-95th percentiles',
    });
    if (base) {
      fan.setOption({
        legend: { data: ['median', 'baseline median'] },
        series: [{ id: 'baseline', name: 'baseline median', type: 'line', symbol: 'none', color: '#555',
                   lineStyle: Object.assign({ color: '#555' }, dashed),
                   data: find(base, 'asean_alignment', bloc.agent).p50 }],
      });
    }

    fillTradeSectors(r);
    drawTrade();
    fillFocus(r);
    drawFocus();

    const last = r.dates.length - 1;
    const agents = r.series.filter((s) => s.indicator === 'alignment');
    const agentSeries = [{ id: 'scenario', name: r.scenario, type: 'bar', data: agents.map((s) => s.p50[last]) }];
    if (base) {
      agentSeries.push({ id: 'baseline', name: 'baseline', type: 'bar', color: '#999',
                         data: agents.map((s) => find(base, 'alignment', s.agent).p50[last]) });
    }
    chart('chart-agents').setOption({
      animation: false,
      title: { text: `Alignment in ${r.dates[last]} (median)`, textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: { left: 0, top: 26 },
      grid: { left: 40, right: 10, top: 60, bottom: 40 },
      xAxis: { type: 'category', data: agents.map((s) => s.agent), axisLabel: { interval: 0, rotate: 45 } },
      yAxis: { type: 'value', min: -1, max: 1 },
      series: agentSeries,
    }, true);

    // Zone names label the lines in a legend of their own beside the plot, so that each stays
    // readable at 1280 x 720; the baseline's line of a zone shares its name and colour, dashed.
    const zones = r.series.filter((s) => s.indicator === 'zone_tension');
    const tensionSeries = [];
    zones.forEach((s, i) => {
      const color = C.palette[i % C.palette.length];
      tensionSeries.push({ id: s.agent, name: s.agent, type: 'line', symbol: 'none', data: s.p50, color,
                           lineStyle: { color, width: 2 } });
      const b = base && find(base, 'zone_tension', s.agent);
      if (b) {
        tensionSeries.push({ id: `baseline-${s.agent}`, name: s.agent, type: 'line', symbol: 'none', data: b.p50,
                             color, lineStyle: Object.assign({ color }, dashed) });
      }
    });
    chart('chart-tension').setOption({
      animation: false,
      title: { text: 'Tension in disputed zones (median)', subtext: base ? 'dashed: baseline' : '',
               textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: { type: 'plain', orient: 'vertical', right: 0, top: 60, itemGap: 6, data: zones.map((s) => s.agent) },
      // Room for the legend: its line symbols and the longest name at about 8 px a letter.
      grid: { left: 40, right: 44 + 8 * Math.max(0, ...zones.map((s) => s.agent.length)), top: 60, bottom: 30 },
      xAxis: { type: 'category', data: r.dates, boundaryGap: false },
      yAxis: { type: 'value', min: 0, max: 1 },
      series: tensionSeries,
    }, true);

    $('map-step').max = String(last);
    $('map-step').value = String(last);
    drawMap();
    savable('chart-asean', 'chart-agents', 'chart-tension');
    $('map-view').querySelector('option[value="baseline"]').disabled = !base;
    $('map-view').querySelector('option[value="change"]').disabled = !base;
    if (!base) $('map-view').value = 'scenario';
    stale(false);
    const failed = r.failed ? `, ${r.failed} failed` : '';
    $('summary').textContent = `${r.scenario}: ${r.runs} runs (seed ${r.seed}${failed}) in ${r.seconds.toFixed(2)} s` +
      (base ? '; dashed lines and grey bars are the baseline with the same seed.' : '.');
  }

  // The map of the median alignment of the scenario, of the baseline, or of the change between
  // them (on a scale of the largest change, both ways).
  function drawMap() {
    const r = state.sweep;
    if (!r || !state.region) return;
    const step = Number($('map-step').value);
    const view = r.baseline ? $('map-view').value : 'scenario';
    const values = {};
    for (const s of r.series.filter((x) => x.indicator === 'alignment')) {
      const b = r.baseline && find(r.baseline, 'alignment', s.agent);
      values[s.agent] = view === 'scenario' ? s.p50[step]
        : view === 'baseline' ? b.p50[step] : s.p50[step] - b.p50[step];
    }
    $('map-date').textContent = r.dates[step];
    const opts = { title: `Median alignment, ${r.dates[step]}` };
    if (view === 'baseline') opts.title += ', baseline';
    if (view === 'change') {
      const largest = Math.max(0.001, ...Object.values(values).map((v) => Math.abs(v)));
      opts.range = Number(largest.toPrecision(2));
      opts.title = `Change of the median alignment against the baseline, ${r.dates[step]}`;
      opts.high = `+${opts.range} toward the US`;
      opts.low = `-${opts.range} toward China`;
    }
    C.alignmentMap($('map'), state.region, values, opts);
    savable('map');
  }

  // The targeted economy's selectors: the economies and partners of the sweep's focus (the
  // partners other than the chosen economy), the first of each chosen, unless the sweep before
  // had the same focus: then the facilitator's choice stays.
  function fillSelect(id, values, keep) {
    const select = $(id);
    const before = select.value;
    select.replaceChildren(...values.map((v) => el('option', { value: v, text: v })));
    if (keep && values.includes(before)) select.value = before;
  }

  function fillPartners(keep) {
    const f = state.sweep.focus;
    fillSelect('focus-partner', f.partners.filter((p) => p !== $('focus-economy').value), keep);
  }

  function fillFocus(r) {
    const f = r.focus;
    const keep = JSON.stringify(f) === state.focusKey;
    state.focusKey = JSON.stringify(f);
    $('focus-panel').hidden = !f.economies.length;
    fillSelect('focus-economy', f.economies, keep);
    fillPartners(keep);
    const list = (ids) => ids.join(', ');
    $('focus-note').textContent = !f.targets.length ? `No shock names a target; its senders: ${list(f.senders)}.`
      : f.senders.length ? `Targets of the shocks: ${list(f.targets)}; their senders: ${list(f.senders)}.`
      : `Targets of the shocks: ${list(f.targets)}; no shock names a sender, so trade and visitors are with ${list(f.partners)}.`;
  }

  // The targeted economy's GDP, its trade with the chosen partner (exports to it, imports from
  // it) and its visitors from it: the scenario's median, the baseline's dashed.
  function drawFocus() {
    const r = state.sweep;
    if (!r || !r.focus.economies.length) return;
    const base = r.baseline;
    const e = $('focus-economy').value;
    const p = $('focus-partner').value;
    const format = (v) => (v === null || v === undefined ? '' : Number(v.toPrecision(4)).toString());
    function lines(id, title, unit, rows, empty) {
      const series = [];
      rows.forEach((row, i) => {
        const color = C.palette[i];
        const s = find(r, row.indicator, row.agent, row.partner);
        const b = base && find(base, row.indicator, row.agent, row.partner);
        if (s) series.push({ id: row.id, name: row.name, type: 'line', symbol: 'none', data: s.p50, color,
                             lineStyle: { color, width: 2 } });
        if (b) series.push({ id: `baseline-${row.id}`, name: row.name, type: 'line', symbol: 'none', data: b.p50, color,
                             lineStyle: Object.assign({ color }, dashed) });
      });
      const none = !series.length || series.every((s) => s.data.every((v) => !v));
      chart(id).setOption({
        animation: false,
        title: { text: title, subtext: none ? empty : `median${base ? '; dashed: baseline' : ''}, ${unit}`,
                 textStyle: { fontSize: 14 } },
        tooltip: { trigger: 'axis', valueFormatter: format },
        legend: { bottom: 0, left: 0, data: rows.map((row) => row.name) },
        grid: { left: 56, right: 16, top: 60, bottom: 50 },
        xAxis: { type: 'category', data: r.dates, boundaryGap: false },
        yAxis: { type: 'value', scale: true },
        series: none ? [] : series,
      }, true);
    }
    lines('chart-focus-gdp', `${e} GDP`, 'USD bn a year', [{ id: 'gdp', name: `GDP`, indicator: 'gdp', agent: e, partner: '' }],
          'no GDP series');
    lines('chart-focus-trade', `${e} trade with ${p}`, 'USD bn a year', [
      { id: 'exports', name: 'exports', indicator: 'trade', agent: e, partner: p },
      { id: 'imports', name: 'imports', indicator: 'trade', agent: p, partner: e },
    ], `no trade between ${e} and ${p} in this world`);
    lines('chart-focus-visitors', `Visitors to ${e} from ${p}`, 'million a year', [
      { id: 'visitors', name: 'visitors', indicator: 'visitors', agent: e, partner: p },
    ], `this world records no visitors from ${p} to ${e}`);
    savable('chart-focus-gdp', 'chart-focus-trade', 'chart-focus-visitors');
  }

  // The facilitator's latest press of "Run sweep" wins. A press while the sweep of an earlier one
  // runs on the server replaces it there (?replace=true): the server cancels it and answers its
  // request 409, which the page drops without a word. An earlier press still waiting its turn in
  // the page (behind the baseline, say) is dropped before it is sent.
  let presses = 0;       // the latest press
  let pressOnServer = 0; // the press whose sweep the server is running, or 0
  async function runSweep() {
    const mine = ++presses;
    const superseded = () => mine !== presses;
    const body = selection();
    body.runs = Number($('runs').value);
    body.baseline = $('baseline').checked && current().name !== 'baseline';
    body.focus = focusOf(current());
    const asked = inputsNow();
    const t0 = performance.now();
    status(state.warming ? 'sweeping the baseline…' : 'starting…');
    clearInterval(state.poll);
    state.poll = setInterval(async () => {
      try {
        const s = await api('GET', '/api/status');
        if (s.busy && s.total && !superseded()) status(`running: ${s.done} of ${s.total} runs`);
      } catch (e) { /* the sweep's own answer reports errors */ }
    }, 250);
    const send = (replace) => {
      pressOnServer = mine;
      return api('POST', replace ? '/api/sweep?replace=true' : '/api/sweep', body)
        .finally(() => { if (pressOnServer === mine) pressOnServer = 0; });
    };
    try {
      const r = await (pressOnServer
        ? replacing(() => send(true))
        : queued(() => (superseded() ? null : send(false))));
      if (superseded()) return;
      state.sweep = r;
      drawSweep(r);
      if (inputsNow() !== asked) stale(true, 'the inputs changed while it ran');
      state.runToChartMs = performance.now() - t0;
      state.sweeps += 1;
      status(`done in ${(state.runToChartMs / 1000).toFixed(2)} s`);
    } catch (e) {
      if (superseded()) return;  // replaced by the facilitator's own newer press
      if (e.status === 409) {
        // Replaced by a request from elsewhere (another tab): said, but not as an error.
        status(e.message);
        stale(true, 'that sweep was replaced by a newer request');
      } else {
        status(e.message, true);
        stale(true, 'the last request was refused (above)');
      }
    } finally {
      if (!superseded()) clearInterval(state.poll);
    }
  }

  async function download() {
    try {
      const r = await api('POST', '/api/scenario-yaml', selection());
      const url = URL.createObjectURL(new Blob([r.yaml], { type: 'application/yaml' }));
      const a = el('a', { href: url, download: r.file_name });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      status(`downloaded ${r.file_name}`);
    } catch (e) {
      status(e.message, true);
    }
  }

  function showStep(step) {
    const r = state.run;
    state.step = step;
    $('step').value = String(step);
    $('step-date').textContent = `${r.dates[step]} (quarter ${step} of ${r.dates.length - 1})`;
    const alignment = {};
    for (const s of r.series.filter((x) => x.indicator === 'alignment')) alignment[s.agent] = s.values[step];
    C.alignmentMap($('run-map'), state.region, alignment, { title: `Run ${r.run}: alignment, ${r.dates[step]}` });
    const bloc = r.series.find((s) => s.indicator === 'asean_alignment');
    chart('run-line').setOption({
      animation: false,
      title: { text: `Run ${r.run}: ${bloc.agent} alignment`, textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      grid: { left: 50, right: 20, top: 50, bottom: 30 },
      xAxis: { type: 'category', data: r.dates, boundaryGap: false },
      // The axis spans the whole run, so it stays still while the line grows.
      yAxis: { type: 'value', min: Math.floor(1000 * Math.min(...bloc.values)) / 1000,
               max: Math.ceil(1000 * Math.max(...bloc.values)) / 1000 },
      series: [{ id: 'asean', name: bloc.agent, type: 'line', symbol: 'none', data: bloc.values.slice(0, step + 1),
                 markLine: { silent: true, symbol: 'none', data: [{ xAxis: r.dates[step] }] } }],
    }, true);
    const list = $('narrative');
    list.replaceChildren();
    for (const e of r.events.filter((x) => x.step <= step)) {
      const cls = `kind-${e.kind}` + (e.step === step ? ' current' : '');
      list.appendChild(el('li', { class: cls, text: `${e.date} ${e.kind}: ${e.detail}` }));
    }
    list.scrollTop = list.scrollHeight;
    savable('run-map', 'run-line');
  }

  function pause() {
    clearInterval(state.timer);
    state.timer = null;
    $('play').textContent = 'Play';
  }

  function play() {
    if (state.timer) return pause();
    if (state.step >= state.run.dates.length - 1) showStep(0);
    $('play').textContent = 'Pause';
    state.timer = setInterval(() => {
      if (state.step >= state.run.dates.length - 1) return pause();
      showStep(state.step + 1);
    }, 600);
  }

  async function loadRun() {
    pause();
    const body = selection();
    body.run = Number($('run-id').value);
    status('running one run…');
    try {
      state.run = await queued(() => api('POST', '/api/run', body));
      state.runs += 1;
      $('step').max = String(state.run.dates.length - 1);
      $('step').disabled = false;
      $('play').disabled = false;
      showStep(0);
      status(`run ${state.run.run} loaded: ${state.run.events.length} events`);
    } catch (e) {
      status(e.message, true);
    }
  }

  async function start() {
    try {
      const [list, region] = await Promise.all([api('GET', '/api/scenarios'),
                                                fetch('/assets/region.geojson').then((r) => r.json())]);
      state.scenarios = list.scenarios;
      state.region = region;
    } catch (e) {
      return status(e.message, true);
    }
    for (const s of state.scenarios) $('scenario').appendChild(el('option', { value: s.name, text: s.name }));
    const first = state.scenarios.find((s) => s.shocks.length) || state.scenarios[0];
    if (first) $('scenario').value = first.name;
    showShocks();
    warmBaseline();
    $('scenario').addEventListener('change', () => { showShocks(); warmBaseline(); stale(true, 'another scenario is chosen'); });
    for (const id of ['shocks', 'runs', 'seed']) $(id).addEventListener('input', () => stale(true, 'the inputs have changed since'));
    for (const id of ['shocks', 'baseline']) $(id).addEventListener('change', () => stale(true, 'the inputs have changed since'));
    for (const id of ['runs', 'seed', 'baseline']) $(id).addEventListener('change', warmBaseline);
    $('run').addEventListener('click', runSweep);
    $('download').addEventListener('click', download);
    $('map-step').addEventListener('input', drawMap);
    $('trade-sector').addEventListener('change', drawTrade);
    $('map-view').addEventListener('change', drawMap);
    $('focus-economy').addEventListener('change', () => { fillPartners(true); drawFocus(); });
    $('focus-partner').addEventListener('change', drawFocus);
    $('load-run').addEventListener('click', loadRun);
    $('play').addEventListener('click', play);
    $('step').addEventListener('input', () => { pause(); showStep(Number($('step').value)); });
    window.addEventListener('resize', () => {
      for (const e of document.querySelectorAll('.chart')) echarts.getInstanceByDom(e)?.resize();
    });
    state.ready = true;
    status('ready');
  }

  start();
})();
