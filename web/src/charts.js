// Chart builders shared by the HTML report (geosim report) and the dashboard. Each function
// takes a container element and plain data (the shapes below, as the report's data JSON holds
// them), draws into the container with Apache ECharts (the global `echarts`) and returns the
// ECharts instance. Calling one again on the same container replaces the chart.
//
// Shapes:
//   dates     ["2025Q1", "2025Q2", ...], one per step
//   series    one subject's values over the steps, one of
//               {value: [...]}                         a single run, or a mean
//               {p05, p25, p50, p75, p95: [...]}       a sweep's percentiles over runs
//               {diff, lo, hi: [...]}                  a paired difference and its interval
//             (null stands for a value that is not a number)
//   shares    {PARTNER: [...]} one partner's share per step, for stacked areas
//   flows     {MEMBER: {PARTNER: value}} at one step, for the sankey
//   ties      {date, nodes: [{id, name, gdp, alignment}], edges: [{source, target, level}]}
//   alignment {AGENT: value} on [-1, 1], for the map
(function (global) {
  'use strict';

  const echarts = global.echarts;
  const palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948',
                   '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#2f4b7c'];

  // Tooltips are HTML: every string from the world or scenario files (names, codes) goes
  // through esc() before a custom formatter puts it into one.
  function esc(v) {
    return String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  }

  // An element with attributes (`text` sets its text) and children (strings become text
  // nodes): the pages build their panels with it, never from HTML strings.
  function element(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const c of children || []) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    return e;
  }

  function chartIn(el) {
    return echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'canvas' });
  }

  function draw(el, option) {
    const chart = chartIn(el);
    chart.setOption(Object.assign({ animation: false, color: palette }, option), true);
    return chart;
  }

  function title(text, sub) {
    return { text: text || '', subtext: sub || '', left: 0, textStyle: { fontSize: 14 } };
  }

  function minus(a, b) {
    return a.map((x, i) => (x === null || b[i] === null ? null : x - b[i]));
  }

  // A band between `lo` and `hi`: an invisible line at `lo` with the difference stacked on it
  // (stackStrategy 'all': stack onto negative values too). The lower line carries the id
  // `<id>-lo` and holds `lo` as given.
  function band(id, name, lo, hi, color, opacity) {
    const stack = id;
    return [
      { id: id + '-lo', name, type: 'line', data: lo, stack, stackStrategy: 'all', symbol: 'none',
        lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } },
      { id: id + '-width', name, type: 'line', data: minus(hi, lo), stack, stackStrategy: 'all', symbol: 'none',
        lineStyle: { opacity: 0 }, areaStyle: { color, opacity }, silent: true, tooltip: { show: false } },
    ];
  }

  // The y range that holds every value of the given series (any of the shapes above), widened
  // to round steps (1, 2 or 5 times a power of ten, about five of them), so that charts drawn
  // side by side with it share one scale. Null when no series has a number.
  function sharedRange(seriesList) {
    let lo = Infinity, hi = -Infinity;
    for (const series of seriesList)
      for (const key of ['value', 'p05', 'p95', 'diff', 'lo', 'hi'])
        for (const v of (series && series[key]) || [])
          if (typeof v === 'number' && Number.isFinite(v)) lo = Math.min(lo, v), hi = Math.max(hi, v);
    if (!(lo <= hi)) return null;
    const span = hi - lo || Math.abs(hi) || 1;
    const raw = span / 5, power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * power).find((x) => x >= raw);
    return { min: Math.floor(lo / step) * step, max: Math.ceil(hi / step) * step };
  }

  // A fan chart of one subject: the 5-95 and 25-75 percentile bands around the median line for a
  // sweep, the line alone for a run or a mean, the difference in its interval for a comparison.
  // Series ids: "median" (or "value", "diff") for the line; "p05-p95-lo" and "p25-p75-lo" hold
  // p05 and p25; their "-width" partners hold p95 - p05 and p75 - p25.
  function fanChart(el, dates, series, opts) {
    opts = opts || {};
    const color = opts.color || palette[0];
    const list = [];
    let legend = [];
    if (series.p50) {
      list.push(...band('p05-p95', '5-95th percentile', series.p05, series.p95, color, 0.15));
      list.push(...band('p25-p75', '25-75th percentile', series.p25, series.p75, color, 0.3));
      list.push({ id: 'median', name: 'median', type: 'line', data: series.p50, symbol: 'none',
                  lineStyle: { color, width: 2 }, itemStyle: { color } });
      legend = ['median'];
    } else if (series.diff) {
      list.push(...band('interval', 'interval', series.lo, series.hi, color, 0.25));
      list.push({ id: 'diff', name: opts.lineName || 'difference', type: 'line', data: series.diff,
                  symbol: 'none', lineStyle: { color, width: 2 }, itemStyle: { color },
                  markLine: { silent: true, symbol: 'none', data: [{ yAxis: 0 }],
                              lineStyle: { color: '#888', type: 'dashed' } } });
      legend = [opts.lineName || 'difference'];
    } else {
      list.push({ id: 'value', name: opts.lineName || 'value', type: 'line', data: series.value,
                  symbol: 'none', lineStyle: { color, width: 2 }, itemStyle: { color } });
      legend = [opts.lineName || 'value'];
    }
    return draw(el, {
      title: title(opts.title, opts.subtitle),
      tooltip: { trigger: 'axis' },
      legend: { data: legend, bottom: 0, left: 0 },
      grid: { left: 60, right: 30, top: 60, bottom: 50 },
      xAxis: { type: 'category', data: dates, boundaryGap: false },
      yAxis: Object.assign({ type: 'value', scale: true, name: opts.unit || '' },
                           opts.range ? { min: opts.range.min, max: opts.range.max } : {}),
      series: list,
    });
  }

  // Shares of each partner stacked over time (series id = partner).
  function stackedAreas(el, dates, shares, opts) {
    opts = opts || {};
    const partners = Object.keys(shares);
    return draw(el, {
      title: title(opts.title, opts.subtitle),
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null ? '' : (100 * v).toFixed(1) + '%') },
      legend: { data: partners, left: 'center', bottom: 0, type: 'scroll' },
      grid: { left: 50, right: 20, top: 60, bottom: 60 },
      xAxis: { type: 'category', data: dates, boundaryGap: false },
      yAxis: { type: 'value', max: (v) => Math.min(1, Math.ceil(v.max * 10) / 10),
               axisLabel: { formatter: (v) => Math.round(100 * v) + '%' } },
      series: partners.map((p) => ({ id: p, name: p, type: 'line', stack: 'shares', symbol: 'none',
                                     areaStyle: {}, lineStyle: { width: 0.5 }, data: shares[p] })),
    });
  }

  // Flows from members (left) to partners (right); link values as given.
  function sankeyChart(el, flows, opts) {
    opts = opts || {};
    const members = Object.keys(flows);
    const partners = [];
    const links = [];
    for (const m of members) {
      for (const [p, v] of Object.entries(flows[m])) {
        if (!(v > 0)) continue;
        if (!partners.includes(p)) partners.push(p);
        links.push({ source: m, target: p + ' ', value: v });
      }
    }
    // Partners carry a trailing space so that a name on both sides stays two nodes.
    const nodes = members.map((m) => ({ name: m, depth: 0 }))
      .concat(partners.map((p) => ({ name: p + ' ', depth: 1 })));
    return draw(el, {
      title: title(opts.title, opts.subtitle),
      tooltip: { trigger: 'item', valueFormatter: (v) => (typeof v === 'number' ? v.toFixed(1) : v) },
      series: [{ id: 'flows', type: 'sankey', top: 50, bottom: 10, left: 10, right: 60,
                 nodeAlign: 'justify', emphasis: { focus: 'adjacency' },
                 lineStyle: { color: 'gradient', opacity: 0.4 }, data: nodes, links }],
    });
  }

  function alignmentColor(a) {
    if (a === null || a === undefined) return '#bbb';
    const t = Math.max(-1, Math.min(1, a));
    // -1 red (China) through grey to +1 blue (the US).
    const mix = (x, y) => Math.round(x + (y - x) * Math.abs(t));
    return t < 0 ? `rgb(${mix(190, 214)},${mix(190, 39)},${mix(190, 40)})`
                 : `rgb(${mix(190, 31)},${mix(190, 119)},${mix(190, 180)})`;
  }

  // The key of an unordered pair of agents.
  function pairKey(a, b) {
    return a < b ? `${a} ${b}` : `${b} ${a}`;
  }

  // Tie levels by pair of a network ({nodes, edges}), for tieChanges.
  function tieLevels(ties) {
    const out = new Map();
    for (const e of ties.edges) out.set(pairKey(e.source, e.target), e.level);
    return out;
  }

  // The pairs whose tie level differs between two networks: Map of pair key -> {from, to},
  // the levels in each (0 where the pair has no tie).
  function tieChanges(from, to) {
    const before = tieLevels(from), after = tieLevels(to), out = new Map();
    for (const [k, level] of after) if ((before.get(k) || 0) !== level) out.set(k, { from: before.get(k) || 0, to: level });
    for (const [k, level] of before) if (!after.has(k)) out.set(k, { from: level, to: 0 });
    return out;
  }

  // The security-tie network: node area follows GDP, edge width the tie level, node colour
  // the alignment. Agents sit on a circle in the order given, so two dates compare at a glance.
  // opts.minLevel (default 2) hides weaker ties, since nearly every pair holds a dialogue (1)
  // and all of them drawn hide the structure; opts.changed (a Map from tieChanges) marks the
  // pairs whose level changed, drawn in orange whatever their level, with the other date's
  // level in the tooltip: the earlier one on the later network ("was"), the later one on the
  // earlier network ("becomes", with opts.earlier).
  function tieNetwork(el, ties, opts) {
    opts = opts || {};
    const minLevel = opts.minLevel === undefined ? 2 : opts.minLevel;
    const changed = opts.changed || new Map();
    const maxGdp = Math.max(1, ...ties.nodes.map((n) => n.gdp || 0));
    const nodes = ties.nodes.map((n) => ({
      id: n.id, name: n.id, value: n.gdp, alignment: n.alignment, fullName: n.name,
      symbolSize: 8 + 42 * Math.sqrt((n.gdp || 0) / maxGdp),
      itemStyle: { color: alignmentColor(n.alignment) },
    }));
    const edges = [];
    for (const e of ties.edges) {
      const k = pairKey(e.source, e.target);
      const change = changed.has(k) ? changed.get(k) : null;
      if (e.level < minLevel && change === null) continue;
      const edge = { source: e.source, target: e.target, value: e.level, lineStyle: { width: 0.8 * e.level } };
      if (change !== null) {
        if (opts.earlier) edge.becomes = change.to;
        else edge.was = change.from;
        edge.lineStyle = { width: Math.max(1.5, 0.8 * e.level), color: '#e66100', opacity: 0.95 };
      }
      edges.push(edge);
    }
    return draw(el, {
      title: title(opts.title, opts.subtitle),
      tooltip: {
        formatter: (p) => (p.dataType === 'edge'
          ? `${esc(p.data.source)} - ${esc(p.data.target)}: level ${esc(p.data.value)}` +
            (p.data.was !== undefined ? ` (was ${esc(p.data.was)})` : '') +
            (p.data.becomes !== undefined ? ` (becomes ${esc(p.data.becomes)})` : '')
          : `${esc(p.data.fullName)}: GDP ${Math.round(p.data.value)} bn, alignment ${Number(p.data.alignment).toFixed(3)}`),
      },
      series: [{ id: 'ties', type: 'graph', layout: 'circular', circular: { rotateLabel: false },
                 top: 50, bottom: 20, left: 30, right: 30, roam: true,
                 label: { show: true, position: 'right', fontSize: 12 },
                 lineStyle: { color: '#777', opacity: 0.6, curveness: 0.15 },
                 data: nodes, links: edges }],
    });
  }

  let mapRegistered = false;

  // The region coloured by alignment (series data name = agent code). `geojson` is the
  // region.geojson asset; neighbours that are not agents stay grey. opts.range (default 1)
  // sets the colour scale to [-range, range] and opts.high, opts.low its end labels, for a map
  // of changes.
  function alignmentMap(el, geojson, alignment, opts) {
    opts = opts || {};
    if (!mapRegistered) {
      echarts.registerMap('geosim-region', geojson);
      mapRegistered = true;
    }
    const titles = {};
    for (const f of geojson.features) titles[f.properties.name] = f.properties.title;
    const data = Object.keys(alignment)
      .filter((a) => a in titles)
      .map((a) => ({ name: a, value: alignment[a] }));
    return draw(el, {
      title: title(opts.title, opts.subtitle),
      tooltip: { trigger: 'item',
                 formatter: (p) => (p.data ? `${esc(titles[p.name])}: ${Number(p.value).toFixed(3)}` : esc(p.name)) },
      visualMap: { min: -(opts.range || 1), max: opts.range || 1, calculable: false, orient: 'horizontal',
                   left: 'center', bottom: 0, text: [opts.high || 'US +1', opts.low || 'China -1'],
                   inRange: { color: ['#d62728', '#bebebe', '#1f77b4'] } },
      series: [{ id: 'alignment', type: 'map', map: 'geosim-region', roam: true,
                 itemStyle: { areaColor: '#eee', borderColor: '#999' },
                 emphasis: { label: { show: false } }, data }],
    });
  }

  global.GeosimCharts = { el: element, esc, palette, fanChart, sharedRange, stackedAreas, sankeyChart, tieNetwork, tieChanges,
                          alignmentMap, alignmentColor };
})(typeof window !== 'undefined' ? window : globalThis);
