#!/usr/bin/env node
// The Nu Html Checker (vnu.jar from the vnu-jar npm package, run offline with
// the system's Java) over every HTML file of a built site.
//
//   node tests/browser/vnu.mjs --site DIR [--java PATH]
//
// Lists each error as `file:line:column: message`, then `N passed, M failed`
// (N, M = HTML files without / with errors). Exit status: 0 no error, 1 an
// error, 2 the checker itself could not run.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const JAR = path.join(REPO, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

function usage(msg) {
  if (msg) console.error(`vnu: ${msg}`);
  console.error('usage: node tests/browser/vnu.mjs --site DIR [--java PATH]');
  process.exit(2);
}

let site = null;
let java = process.env.JAVA || 'java';
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--site' && i + 1 < argv.length) site = argv[++i];
  else if (argv[i] === '--java' && i + 1 < argv.length) java = argv[++i];
  else usage(`unknown argument ${argv[i]}`);
}
if (!site) usage('--site DIR is required');
site = fs.realpathSync(path.resolve(site));
if (!fs.existsSync(JAR)) { console.error(`vnu: ${JAR} missing: run npm ci`); process.exit(2); }

function htmlFiles(dir, out = []) {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) htmlFiles(p, out);
    else if (/\.x?html?$/i.test(d.name)) out.push(p);
  }
  return out;
}
const files = htmlFiles(site).sort();
if (files.length === 0) { console.error(`vnu: no HTML files under ${site}`); process.exit(2); }

const t0 = Date.now();
const r = spawnSync(java, ['-Xss8m', '-jar', JAR, '--errors-only', '--format', 'json', '--skip-non-html', site], {
  encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 20 * 60_000,
});
if (r.error) { console.error(`vnu: cannot run ${java}: ${r.error.message}`); process.exit(2); }
// vnu writes its JSON report to stderr.
const raw = (r.stderr || '').trim() || (r.stdout || '').trim();
let report;
try { report = JSON.parse(raw); } catch {
  console.error(`vnu: unexpected output (exit ${r.status}):\n${raw.slice(0, 4000)}`);
  process.exit(2);
}

const errors = (report.messages || []).filter((m) => m.type === 'error' || m.type === 'non-document-error');
const byFile = new Map();
for (const m of errors) {
  const file = m.url ? fileURLToPath(m.url) : site;
  if (!byFile.has(file)) byFile.set(file, []);
  byFile.get(file).push(m);
}

console.log(`vnu ${report.version || ''}: ${files.length} HTML files under ${site} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
// Group identical messages so a template fault shows once with its count.
const groups = new Map();
for (const [file, ms] of [...byFile].sort()) {
  for (const m of ms) {
    const rel = path.relative(site, file) || file;
    console.log(`${rel}:${m.lastLine ?? m.firstLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}: ${m.message}`);
    if (m.extract) console.log(`    ${m.extract.replace(/\s+/g, ' ')}`);
    groups.set(m.message, (groups.get(m.message) || 0) + 1);
  }
}
if (groups.size > 1 || (groups.size === 1 && errors.length > 1)) {
  console.log('\nErrors by message:');
  for (const [msg, n] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${msg}`);
}
const failed = byFile.size;
const passed = files.length - files.filter((f) => byFile.has(f)).length;
console.log(`${passed} passed, ${failed} failed`);
process.exit(errors.length ? 1 : 0);
