// Helpers of the dashboard's browser tests: start geosim serve, post to its API, pick a series.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';

// Starts `geosim serve` on a free port (or the one given) in the folder `source` (the scenario
// library is its scenarios/), with any further arguments; resolves to the process and its base
// URL once it prints its address.
export function startServer(geosim, source, args = [], port = 0) {
  const server = spawn(geosim, ['serve', '--port', String(port), ...args], { cwd: source, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    let text = '';
    server.stdout.on('data', (chunk) => {
      text += chunk;
      const m = text.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) ok({ server, base: `http://127.0.0.1:${m[1]}` });
    });
    server.on('exit', (code) => fail(new Error(`geosim serve exited with ${code}: ${text}`)));
  });
}

export async function post(base, path, body) {
  const res = await fetch(base + path, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
}

export const pick = (r, indicator, agent, partner, sector) =>
  r.series.find((s) => s.indicator === indicator && (agent === undefined || s.agent === agent) &&
                       (partner === undefined || s.partner === partner) && (sector === undefined || s.sector === sector));

