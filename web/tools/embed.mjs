// Writes a C++ source file that holds the report's, the dashboard's and the workshop's web
// assets as byte strings (see outputs/web_assets.hpp), so that the geosim binary needs no
// network and no files at run time. Run by the build: node embed.mjs OUTPUT.cpp
// Reads only web/src/ and web/node_modules/ (installed by scripts/setup.sh with npm ci).
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(web, 'package.json'));
const topojson = require('topojson-client');

// ISO 3166 numeric codes (world-atlas's feature ids) of the agents drawn on the region map.
const agents = {
  '096': 'BRN', '116': 'KHM', '360': 'IDN', '418': 'LAO', '458': 'MYS', '104': 'MMR',
  '608': 'PHL', '702': 'SGP', '764': 'THA', '704': 'VNM', '626': 'TLS',
  '392': 'JPN', '410': 'KOR', '158': 'TWN', '156': 'CHN',
};
// Neighbours drawn in grey (North Korea, Mongolia, Papua New Guinea) so that the region is
// recognisable; they are not agents. India and Australia are left out: they would shrink the rest.
const context = ['408', '496', '598'];

// East and Southeast Asia at 1:50m (the smallest scale that still has Singapore), rounded to
// 0.05 degree (about 5 km) with repeated points dropped: the detail a page-wide map shows, at a
// fraction of the size of the whole world file.
function regionMap() {
  const atlas = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));
  const all = topojson.feature(atlas, atlas.objects.countries).features;
  const ring = (points) => {
    const out = [];
    for (const [x, y] of points) {
      const q = [Math.round(x * 20) / 20, Math.round(y * 20) / 20];
      const last = out[out.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
    }
    return out;
  };
  const polygon = (rings) => rings.map(ring).filter((r) => r.length >= 4);
  const shape = (g) => (g.type === 'Polygon' ? polygon(g.coordinates)
                                             : g.coordinates.map(polygon).filter((p) => p.length > 0));
  const features = [];
  for (const f of all) {
    const agent = agents[f.id];
    if (!agent && !context.includes(f.id)) continue;
    features.push({
      type: 'Feature',
      properties: agent ? { name: agent, title: f.properties.name, agent: true }
                        : { name: f.properties.name, title: f.properties.name, agent: false },
      geometry: { type: f.geometry.type, coordinates: shape(f.geometry) },
    });
  }
  const missing = Object.values(agents).filter((a) => !features.some((f) => f.properties.name === a));
  if (missing.length) throw new Error(`world-atlas has no shape for ${missing.join(', ')}`);
  return JSON.stringify({ type: 'FeatureCollection', features });
}

const js = 'text/javascript; charset=utf-8';
const assets = [
  ['echarts.min.js', js, readFileSync(require.resolve('echarts/dist/echarts.min.js'))],
  ['region.geojson', 'application/geo+json', Buffer.from(regionMap())],
  ['charts.js', js, readFileSync(join(web, 'src/charts.js'))],
  ['report.js', js, readFileSync(join(web, 'src/report.js'))],
  ['report.css', 'text/css; charset=utf-8', readFileSync(join(web, 'src/report.css'))],
  ['dashboard.html', 'text/html; charset=utf-8', readFileSync(join(web, 'src/dashboard.html'))],
  ['dashboard.js', js, readFileSync(join(web, 'src/dashboard.js'))],
  ['dashboard.css', 'text/css; charset=utf-8', readFileSync(join(web, 'src/dashboard.css'))],
  // The workshop's pages (docs/workshop.md): the facilitator's and a delegation's, ES modules
  // that share session.js, and their one style sheet.
  ['workshop.html', 'text/html; charset=utf-8', readFileSync(join(web, 'src/workshop.html'))],
  ['workshop.js', js, readFileSync(join(web, 'src/workshop.js'))],
  ['workshop.css', 'text/css; charset=utf-8', readFileSync(join(web, 'src/workshop.css'))],
  ['delegation.html', 'text/html; charset=utf-8', readFileSync(join(web, 'src/delegation.html'))],
  ['delegation.js', js, readFileSync(join(web, 'src/delegation.js'))],
  ['session.js', js, readFileSync(join(web, 'src/session.js'))],
];

// A C++ string literal of the bytes, in pieces of at most 4 KiB. Octal escapes have at most
// three digits, so the character after one is never read as part of it.
function literal(bytes) {
  const pieces = [];
  let piece = '';
  for (const b of bytes) {
    if (b === 0x22) piece += '\\"';
    else if (b === 0x5c) piece += '\\\\';
    else if (b === 0x3f) piece += '\\?';  // no "??x" trigraph-looking sequences
    else if (b >= 0x20 && b < 0x7f) piece += String.fromCharCode(b);
    else piece += '\\' + b.toString(8).padStart(3, '0');
    if (piece.length >= 4096) { pieces.push(piece); piece = ''; }
  }
  pieces.push(piece);
  return pieces.map((p) => `    "${p}"`).join('\n');
}

let out = '// Generated by web/tools/embed.mjs from web/src and web/node_modules; do not edit.\n' +
  '#include "outputs/web_assets.hpp"\n\nnamespace geosim::detail {\n\nnamespace {\n';
assets.forEach(([, , bytes], i) => { out += `const char kBytes${i}[] =\n${literal(bytes)};\n`; });
out += '}  // namespace\n\nextern const WebAsset kWebAssets[] = {\n';
assets.forEach(([name, type], i) => {
  out += `    {"${name}", "${type}", std::string_view(kBytes${i}, sizeof kBytes${i} - 1)},\n`;
});
out += `};\nextern const std::size_t kWebAssetCount = ${assets.length};\n\n}  // namespace geosim::detail\n`;
const target = process.argv[2];
if (!target) throw new Error('usage: node embed.mjs OUTPUT.cpp');
writeFileSync(target + '.tmp', out);
renameSync(target + '.tmp', target);
