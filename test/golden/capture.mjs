/* global process, fetch */
// Golden outputs of a fresh install, through the command line and HTTP only, at a fixed time
// (fixed-time.mjs): the published site, `assess --json` and the answer of every API route for
// the seeded data. Used to show that a change of structure changes no byte it did not mean to:
//   node test/golden/capture.mjs OUT   (then: diff -r OUT-before OUT-after)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const out = path.resolve(process.argv[2] ?? 'golden-out');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const dataDir = fs.mkdtempSync('/tmp/northstar-golden-');
const env = { ...process.env, NORTHSTAR_DATA_DIR: dataDir, PORT: '0', NODE_ENV: '' };
const node = [
  '--import',
  path.join(import.meta.dirname, 'fixed-time.mjs'),
  path.join(root, 'bin', 'northstar.js'),
];

function cli(...args) {
  const run = spawnSync(process.execPath, [...node, ...args], {
    env,
    cwd: dataDir,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`northstar ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

cli('init');
cli('publish', '--out', path.join(out, 'site'));
fs.writeFileSync(path.join(out, 'assess.json'), cli('assess', '--json'));
fs.writeFileSync(path.join(out, 'assess.txt'), cli('assess'));
fs.writeFileSync(
  path.join(out, 'assess-2024.json'),
  cli('assess', '--json', '--as-at', '2024-06-30'),
);
cli('export', '--out', path.join(out, 'export'));

// The API, and the pages with query strings that publishing does not reach.
const server = spawn(process.execPath, [...node, 'serve'], { env, cwd: dataDir });
const base = await new Promise((resolve, reject) => {
  let seen = '';
  server.stdout.on('data', (chunk) => {
    seen += chunk;
    const match = seen.match(/http:\/\/[^\s]+/);
    if (match) resolve(match[0].replace(/\/$/, ''));
  });
  server.on('exit', (code) => reject(new Error(`serve exited ${code}: ${seen}`)));
});
const answers = [];
async function get(url) {
  const res = await fetch(base + url);
  const body = await res.text();
  answers.push(`### GET ${url}\n${res.status} ${res.headers.get('content-type')}\n${body}\n`);
  return body;
}
const missions = JSON.parse(await get('/api/v1/missions'));
const list = Array.isArray(missions) ? missions : (missions.missions ?? missions.items ?? []);
for (const mission of list) {
  const detail = JSON.parse(await get(`/api/v1/missions/${mission.slug}`));
  for (const goal of detail.goals ?? [])
    await get(`/api/v1/missions/${mission.slug}/goals/${goal.slug}`);
}
await get('/api/v1/assessments');
await get('/api/v1/assessments?asAt=2024-06-30');
const indicators = JSON.parse(await get('/api/v1/indicators'));
const ids = (
  Array.isArray(indicators) ? indicators : (indicators.indicators ?? indicators.items ?? [])
).map((i) => i.id);
for (const id of ids) {
  await get(`/api/v1/indicators/${id}`);
  await get(`/api/v1/indicators/${id}/observations?area=K02000001`);
}
for (const id of ids.slice(0, 5)) {
  await get(`/api/v1/indicators/${id}/observations`);
  await get(`/api/v1/indicators/${id}/observations?format=csv`);
  await get(`/api/v1/indicators/${id}/observations?from=2015&to=2019&asAt=2024-01-01`);
}
for (const code of ['K02000001', 'E92000001', 'W92000004', 'E12000007', 'E09000007', 'E06000001'])
  await get(`/api/v1/areas/${code}`);
for (const url of [
  '/api/openapi.json',
  '/health',
  '/api/v1/missions/no-such-mission',
  '/api/v1/indicators/no-such/observations',
  '/api/v1/areas/X99999999',
  '/api/v1/nothing-here',
  '/api/v1/assessments?asAt=not-a-date',
  '/missions/no-such-mission',
  '/areas?q=camden',
  '/areas?q=zzzz',
  '/map?goal=nhs/rtt-18-weeks',
  `/indicators/${ids[0]}?area=E92000001`,
  '/changes/page/1',
])
  await get(url);
fs.writeFileSync(path.join(out, 'http.txt'), answers.join('\n'));
server.kill('SIGTERM');
fs.rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(`golden outputs in ${out}: ${answers.length} HTTP answers\n`);
