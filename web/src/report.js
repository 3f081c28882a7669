// The report page (geosim report): builds the panels from the data JSON in
// <script id="geosim-data"> (outputs/report_data.hpp describes it) with the chart builders of
// charts.js. Chart containers have fixed ids, which the browser tests read:
//   fan-0, fan-1 (one per scenario shown), fan-diff (comparison: ALT - BASE)
//   blocs-trade-N, blocs-fdi-N, sankey-N, ties-start-N, ties-end-N, map-N, events-N
// and the selectors fan-indicator, fan-agent, blocs-sector, flow-quarter, flow-sector, map-quarter.
// Variant N is the scenario shown (a comparison shows BASE as 0 and ALT as 1).
(function () {
  'use strict';

  const C = window.GeosimCharts;
  const el = C.el;
  const data = JSON.parse(document.getElementById('geosim-data').textContent);
  const region = JSON.parse(document.getElementById('geosim-map').textContent);
  const root = document.getElementById('report');
  const compare = data.kind === 'compare';
  const variants = data.variants;
  const dates = data.dates;
  const last = dates.length - 1;
  const charts = [];

  function section(id, heading, note) {
    const s = el('section', { id }, [el('h2', { text: heading })]);
    if (note) s.appendChild(el('p', { class: 'note', text: note }));
    root.appendChild(s);
    return s;
  }

  function select(id, label, options, chosen) {
    const s = el('select', { id });
    for (const [value, text] of options) {
      const o = el('option', { value, text });
      if (value === chosen) o.selected = true;
      s.appendChild(o);
    }
    return [s, el('label', { for: id, text: label })];
  }

  function grid(parent, count) {
    const g = el('div', { class: count > 1 ? 'grid two' : 'grid' });
    parent.appendChild(g);
    return g;
  }

  function chartBox(parent, id, cls) {
    const box = el('div', { id, class: cls || 'chart' });
    parent.appendChild(box);
    return box;
  }

  function keep(chart) {
    if (!charts.includes(chart)) charts.push(chart);
    return chart;
  }

  function fmt(v, digits) {
    if (v === null || v === undefined) return 'n/a';
    const a = Math.abs(v);
    if (a !== 0 && (a < 0.001 || a >= 1e6)) return v.toExponential(3);
    return Number(v.toPrecision(digits || 4)).toString();
  }

  // The agents the shocks act on, from the events of the (ALT) run: the targets (the partner
  // column of shock events), the most often named first (the first named on a tie), then the
  // senders (the agent column) in the same order.
  function focusAgents() {
    const v = variants[variants.length - 1];
    const rows = (v && v.events && v.events.rows) || [];
    const shocks = rows.filter((r) => r[2] === 'shock');
    const ranked = (col) => {
      const count = new Map();
      for (const r of shocks) if (r[col]) count.set(r[col], (count.get(r[col]) || 0) + 1);
      return [...count.keys()].sort((a, b) => count.get(b) - count.get(a));  // stable: ties keep order
    };
    return [...new Set([...ranked(4), ...ranked(3)])];
  }

  // Headline ---------------------------------------------------------------------------------
  function headline() {
    const h = data.headline;
    const kindText = { run: 'one run', sweep: 'Monte Carlo sweep', compare: 'paired comparison' }[data.kind];
    const name = compare ? `${h.alt.scenario} against ${h.base.scenario}` : h.scenario;
    document.title = `geosim report: ${name}`;
    root.appendChild(el('header', {}, [
      el('h1', { text: `geosim report: ${name}` }),
      el('p', { class: 'subtitle', text: `${kindText}, ${dates[0]} to ${dates[last]} (${last} quarters)` }),
    ]));
    const s = section('headline', 'Headline');
    const facts = [];
    if (compare) {
      facts.push(['baseline (BASE)', h.base.scenario_path]);
      facts.push(['alternative (ALT)', h.alt.scenario_path]);
    } else {
      facts.push(['scenario', h.scenario_path]);
    }
    if (h.runs !== undefined) facts.push(['runs', String(h.runs) + (h.design ? ` (${h.design} design)` : '')]);
    else if (h.run_id !== undefined) facts.push(['run', String(h.run_id)]);
    if (h.failed_runs) facts.push(['failed runs', String(h.failed_runs) + ' (left out; see runs.csv)']);
    facts.push(['seed', String(h.seed)]);
    facts.push(['geosim', `${h.version || ''}, ${h.created_utc || ''}`]);
    const dl = el('dl', { class: 'facts' });
    for (const [k, v] of facts) {
      dl.appendChild(el('dt', { text: k }));
      dl.appendChild(el('dd', { text: v }));
    }
    s.appendChild(dl);

    const shockList = (title, list, id) => {
      s.appendChild(el('h3', { text: title }));
      const ul = el('ul', { id, class: 'shocks' });
      if (!list.length) ul.appendChild(el('li', { text: 'none' }));
      for (const t of list) ul.appendChild(el('li', { text: t }));
      s.appendChild(ul);
    };
    const shockNote = data.kind === 'sweep' ? ' (as drawn in the representative run)' : compare ? ' (run 0)' : '';
    if (compare) shockList('Shocks of BASE' + shockNote, data.base_shocks, 'shocks-base');
    shockList((compare ? 'Shocks of ALT' : 'Shocks') + shockNote, h.shocks, 'shocks');

    if (compare) {
      s.appendChild(el('h3', { text: 'Largest effects over the horizon (ALT - BASE at each row\'s peak quarter, means over runs)' }));
      s.appendChild(el('p', { class: 'note', text: 'Only effects whose 90% interval excludes zero (with one run: every ' +
        'difference). Change: relative to BASE for GDP, exports and imports; absolute for the indices ' +
        '(alignment, shares, tension, tie levels), ranked against the width of their scale.' }));
      const t = el('table', { id: 'changes', class: 'changes' });
      t.appendChild(el('tr', {}, ['indicator', 'agent', 'partner', 'peak', 'BASE', 'ALT', 'ALT - BASE', 'change', 'interval']
        .map((x) => el('th', { text: x }))));
      if (!h.changes.length) t.appendChild(el('tr', {}, [el('td', { text: 'none', colspan: '9' })]));
      for (const c of h.changes) {
        const interval = c.lo === null || c.hi === null ? 'n/a' : `[${fmt(c.lo)}, ${fmt(c.hi)}]`;
        t.appendChild(el('tr', {}, [c.indicator, c.agent, c.partner, c.peak, fmt(c.base), fmt(c.alt), fmt(c.diff),
          c.shown, interval].map((x) => el('td', { text: x }))));
      }
      s.appendChild(t);
    }
  }

  // Fan charts -------------------------------------------------------------------------------
  function fans() {
    const s = section('fans', 'Indicators over time', data.kind === 'sweep'
      ? 'Bands: 5th-95th and 25th-75th percentiles over the runs; line: the median.'
      : compare ? 'Means over the runs of each scenario, and their paired difference ALT - BASE with its 90% interval.'
        : 'The values of the run.');
    const fansOf = variants[0].fans;
    const ids = Object.keys(fansOf);
    const controls = el('div', { class: 'controls' });
    const [indicator, label] = select('fan-indicator', 'indicator', ids.map((id) => [id, fansOf[id].label]), 'gdp');
    controls.append(label, indicator);
    const agentSelect = el('select', { id: 'fan-agent' });
    controls.appendChild(el('label', { for: 'fan-agent', text: 'agent' }));
    controls.appendChild(agentSelect);
    s.appendChild(controls);
    const g = grid(s, compare ? 3 : 1);
    if (compare) g.className = 'grid three';
    const boxes = variants.map((_, i) => chartBox(g, 'fan-' + i));
    const diffBox = compare ? chartBox(g, 'fan-diff') : null;

    // The chart opens on the economy the scenario acts on: the first target of its shocks, else
    // the first sender, else the first agent.
    const focus = focusAgents();
    function fillAgents() {
      const id = indicator.value;
      const before = agentSelect.value;
      agentSelect.textContent = '';
      for (const a of Object.keys(fansOf[id].series)) agentSelect.appendChild(el('option', { value: a, text: a }));
      const has = (a) => [...agentSelect.options].some((o) => o.value === a);
      const chosen = before && has(before) ? before : focus.find(has);
      if (chosen) agentSelect.value = chosen;
    }
    function drawFans() {
      const id = indicator.value;
      const agent = agentSelect.value;
      const shown = variants.map((v) => v.fans[id] && v.fans[id].series[agent]);
      // BASE and ALT side by side share one scale, so the eye compares them as drawn.
      const range = compare ? C.sharedRange(shown) : null;
      variants.forEach((v, i) => {
        const series = shown[i];
        if (!series) return;
        keep(C.fanChart(boxes[i], dates, series, {
          title: `${v.fans[id].label}: ${agent}`,
          subtitle: compare ? (i === 0 ? 'BASE ' : 'ALT ') + v.name : v.name,
          unit: v.fans[id].unit, lineName: compare ? 'mean' : v.name, color: C.palette[i], range,
        }));
      });
      if (diffBox && data.difference.fans[id]) {
        keep(C.fanChart(diffBox, dates, data.difference.fans[id].series[agent], {
          title: `ALT - BASE: ${agent}`, subtitle: 'paired difference, 90% interval',
          unit: data.difference.fans[id].unit, lineName: 'ALT - BASE', color: C.palette[2],
        }));
      }
    }
    indicator.addEventListener('change', () => { fillAgents(); drawFans(); });
    agentSelect.addEventListener('change', drawFans);
    fillAgents();
    drawFans();
  }

  // Bloc shares ------------------------------------------------------------------------------
  function blocs() {
    const bloc = variants[0].blocs.bloc || 'the bloc';
    const s = section('blocs', `${bloc}'s trade and FDI by partner`, data.kind === 'sweep'
      ? 'Medians over the runs of each partner\'s share (the medians need not add up to 100%).'
      : compare ? 'Means over the runs of each scenario.' : '');
    // The goods groups of the trade shares (bloc_sector_trade_share rows), as any variant has them.
    const groups = [];
    for (const v of variants)
      for (const g of v.blocs.sectors || []) if (!groups.includes(g)) groups.push(g);
    const controls = el('div', { class: 'controls' });
    const [sector, label] = select('blocs-sector', 'goods', [['', 'all goods'], ...groups.map((g) => [g, g])], '');
    controls.append(label, sector);
    s.appendChild(controls);
    const g = grid(s, variants.length);
    const tradeBoxes = variants.map((_, i) => chartBox(g, 'blocs-trade-' + i));
    variants.forEach((v, i) => {
      const tag = compare ? (i === 0 ? 'BASE ' : 'ALT ') + v.name : v.name;
      keep(C.stackedAreas(chartBox(g, 'blocs-fdi-' + i), dates, v.blocs.fdi,
        { title: `Partners' shares of ${bloc}'s FDI inflows`, subtitle: tag }));
    });
    function drawTrade() {
      const group = sector.value;
      variants.forEach((v, i) => {
        const tag = compare ? (i === 0 ? 'BASE ' : 'ALT ') + v.name : v.name;
        const shares = group ? (v.blocs.trade_by_sector || {})[group] || {} : v.blocs.trade;
        keep(C.stackedAreas(tradeBoxes[i], dates, shares,
          { title: `Partners' shares of ${bloc}'s trade${group ? ' in ' + group : ''}`, subtitle: tag }));
      });
    }
    sector.addEventListener('change', drawTrade);
    drawTrade();
  }

  // Trade flows ------------------------------------------------------------------------------
  // The goods groups of the flows: every group any variant has (sector_trade rows).
  function tradeGroups() {
    const groups = [];
    for (const v of variants)
      for (const g of (v.exports && v.exports.sectors) || []) if (!groups.includes(g)) groups.push(g);
    return groups;
  }

  function flows() {
    if (!variants.some((v) => v.exports)) return;
    const s = section('flows', 'Trade flows', 'Exports of the bloc\'s members to its partners, USD bn a year, in the chosen quarter' +
      (data.kind === 'sweep' ? ' (the representative run)' : compare ? ' (means over the runs)' : '') +
      ', of all goods or of one goods group.');
    const controls = el('div', { class: 'controls' });
    const [quarter, label] = select('flow-quarter', 'quarter', dates.map((d, i) => [String(i), d]), String(last));
    const [sector, sectorLabel] = select('flow-sector', 'goods',
      [['', 'all goods'], ...tradeGroups().map((g) => [g, g])], '');
    controls.append(label, quarter, sectorLabel, sector);
    s.appendChild(controls);
    const g = grid(s, variants.length);
    const boxes = variants.map((v, i) => (v.exports ? chartBox(g, 'sankey-' + i, 'chart tall') : null));
    function draw() {
      const step = Number(quarter.value);
      const group = sector.value;
      variants.forEach((v, i) => {
        if (!v.exports) return;
        const flowsOf = group ? (v.exports.by_sector || {})[group] || {} : v.exports.flows;
        const at = {};
        for (const m of v.exports.members) {
          at[m] = {};
          for (const [p, values] of Object.entries(flowsOf[m] || {})) at[m][p] = values[step];
        }
        keep(C.sankeyChart(boxes[i], at, {
          title: `Exports${group ? ' of ' + group : ''} in ${dates[step]}`,
          subtitle: compare ? (i === 0 ? 'BASE ' : 'ALT ') + v.name : v.name,
        }));
      });
    }
    quarter.addEventListener('change', draw);
    sector.addEventListener('change', draw);
    draw();
  }

  // Tie networks and the map ----------------------------------------------------------------
  function ties() {
    if (!variants.some((v) => v.ties)) return;
    const s = section('ties', 'Security ties', 'Node size: GDP; node colour: alignment (red China, blue US); ' +
      'line width: tie level (1 dialogue to 5 alliance). Ties of level 2 and above are drawn; ties whose ' +
      'level changed between the two dates are orange, with the other date\'s level in the tooltip.' + runNote());
    const controls = el('div', { class: 'controls' });
    const all = el('input', { id: 'ties-all', type: 'checkbox' });
    controls.append(all, el('label', { for: 'ties-all', text: 'show dialogue ties (level 1) too' }));
    s.appendChild(controls);
    const g = grid(s, 2);
    const drawn = [];
    variants.forEach((v, i) => {
      if (!v.ties) return;
      const tag = compare ? (i === 0 ? 'BASE ' : 'ALT ') + v.name : v.name;
      const changed = C.tieChanges(v.ties.start, v.ties.end);
      drawn.push([chartBox(g, 'ties-start-' + i, 'chart tall'), v.ties.start, { title: `Ties in ${v.ties.start.date}`, subtitle: tag, changed, earlier: true }]);
      drawn.push([chartBox(g, 'ties-end-' + i, 'chart tall'), v.ties.end, { title: `Ties in ${v.ties.end.date}`, subtitle: tag, changed }]);
    });
    const draw = () => {
      for (const [box, net, opts] of drawn) keep(C.tieNetwork(box, net, Object.assign({ minLevel: all.checked ? 1 : 2 }, opts)));
    };
    all.addEventListener('change', draw);
    draw();
  }

  function map() {
    const s = section('map', 'Alignment across the region', data.kind === 'sweep'
      ? 'Median alignment over the runs; -1 sides with China, +1 with the US.'
      : '-1 sides with China, +1 with the US' + (compare ? ' (means over the runs).' : '.'));
    const controls = el('div', { class: 'controls' });
    const [quarter, label] = select('map-quarter', 'quarter', dates.map((d, i) => [String(i), d]), String(last));
    controls.append(label, quarter);
    s.appendChild(controls);
    const g = grid(s, variants.length);
    const boxes = variants.map((_, i) => chartBox(g, 'map-' + i, 'chart tall'));
    function draw() {
      const step = Number(quarter.value);
      variants.forEach((v, i) => {
        const series = v.fans.alignment ? v.fans.alignment.series : {};
        const at = {};
        for (const [agent, s2] of Object.entries(series)) at[agent] = (s2.p50 || s2.value)[step];
        keep(C.alignmentMap(boxes[i], region, at, {
          title: `Alignment in ${dates[step]}`, subtitle: compare ? (i === 0 ? 'BASE ' : 'ALT ') + v.name : v.name,
        }));
      });
    }
    quarter.addEventListener('change', draw);
    draw();
  }

  function runNote() {
    if (data.kind === 'sweep') {
      const run = variants[0].events ? variants[0].events.run : null;
      return ` Shown for the representative run${run === null ? '' : ' (run ' + run + ')'}: the run whose ASEAN ` +
        'alignment at the last quarter is closest to the median over the runs (run 0 when runs.csv ' +
        'has no such column or no run succeeded).';
    }
    if (compare) return ' Shown for run 0 of each scenario (the same seed, so the same random draws).';
    return '';
  }

  // Events -----------------------------------------------------------------------------------
  function events() {
    if (!variants.some((v) => v.events)) return;
    const s = section('events', 'Event timeline', 'What happened, in the words of events.csv.' + runNote());
    const g = grid(s, variants.length);
    variants.forEach((v, i) => {
      if (!v.events) return;
      const box = el('div', { class: 'events' });
      box.appendChild(el('h3', { text: (compare ? (i === 0 ? 'BASE ' : 'ALT ') : '') + v.name +
        ` (run ${v.events.run}, ${v.events.total} events)` }));
      const kinds = {};
      for (const r of v.events.rows) kinds[r[2]] = (kinds[r[2]] || 0) + 1;
      box.appendChild(el('p', { class: 'note', text: Object.entries(kinds).map(([k, n]) => `${k}: ${n}`).join(', ') +
        (v.events.total > v.events.rows.length ? ` (the first ${v.events.rows.length} are listed)` : '') }));
      const t = el('table', { id: 'events-' + i, class: 'timeline' });
      t.appendChild(el('tr', {}, ['quarter', 'kind', 'what happened'].map((x) => el('th', { text: x }))));
      for (const [, date, kind, , , detail] of v.events.rows)
        t.appendChild(el('tr', { class: 'kind-' + kind.replace(/[^a-z_]/g, '') },
          [el('td', { text: date }), el('td', { text: kind }), el('td', { text: detail })]));
      box.appendChild(t);
      g.appendChild(box);
    });
  }

  headline();
  fans();
  blocs();
  flows();
  ties();
  map();
  events();
  window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
  document.body.setAttribute('data-ready', 'true');
})();
