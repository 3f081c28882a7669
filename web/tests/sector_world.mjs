// A copy of the scenario library whose default world trades two goods groups (ELE, OTH), for
// the browser tests of the goods selectors: the default world has one group, all goods, so
// choosing it would show the same numbers as the totals.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const table = `sectors:
  unit: "USD bn a year"
  source: "test fixture"
  groups:
    - {id: ELE, name: electronics, theta: 6, intermediate: 0.6, critical: 0.4, downstream_va: 2, source: "test fixture"}
    - {id: OTH, name: other goods, theta: 3, source: "test fixture"}
  exports:
    - {agent: CHN, ELE: 0.4, OTH: 0.6, source: "test fixture"}
    - {agent: VNM, ELE: 0.5, OTH: 0.5, source: "test fixture"}
  imports:
    - {agent: USA, ELE: 0.3, OTH: 0.7, source: "test fixture"}
`;

// Copies `scenarios` (the library) to `dir` and adds the table to its world/default.yaml.
export function sectorLibrary(scenarios, dir) {
  rmSync(dir, { recursive: true, force: true });
  cpSync(scenarios, dir, { recursive: true });
  const world = join(dir, 'world', 'default.yaml');
  const text = readFileSync(world, 'utf8');
  const anchor = 'calibration_year: 2023\n';
  if (!text.includes(anchor)) throw new Error(`${world} has no line '${anchor.trim()}' to add the sectors table after`);
  writeFileSync(world, text.replace(anchor, anchor + table));
  return dir;
}
