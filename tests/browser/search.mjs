#!/usr/bin/env node
// Site search in headless Chromium, on a built site.
//
//   node tests/browser/search.mjs --site DIR --expect LANG:QUERY:PATH [--expect ...] [--chromium PATH]
//
// For each expectation, opens /<LANG>/search/?q=QUERY and checks that the
// results list PATH among the first three, that the status announces a
// count, and that the match is highlighted with <mark>; also types the
// query into the box by keyboard on an empty search page. Prints the checks,
// the time to the first result, and last `N passed, M failed`. Exit status:
// 0 all passed, 1 a check failed, 2 the script could not run.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, serve } from './lib.mjs';

function usage(message) {
  if (message) console.error(`search: ${message}`);
  console.error('usage: node tests/browser/search.mjs --site DIR --expect LANG:QUERY:PATH [...] [--chromium PATH]');
  process.exit(2);
}

const options = { site: null, expect: [], chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${argv[i]} needs a value`));
  switch (argv[i]) {
    case '--site': options.site = path.resolve(value()); break;
    case '--expect': {
      const [lang, query, target] = value().split(':');
      if (!lang || !query || !target) usage('--expect is LANG:QUERY:PATH');
      options.expect.push({ lang, query, target });
      break;
    }
    case '--chromium': options.chromium = value(); break;
    default: usage(`unknown argument ${argv[i]}`);
  }
}
if (!options.site || !fs.existsSync(options.site)) usage('--site DIR is required');
if (!options.expect.length) usage('at least one --expect');

let passed = 0;
let failed = 0;
function record(name, ok, detail = '') {
  if (ok) passed++; else failed++;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `\n      ${detail}` : ''}`);
}

let chromium;
try { ({ chromium } = await import('playwright-core')); } catch (e) {
  console.error(`search: playwright-core is missing (npm ci): ${e.message}`);
  process.exit(2);
}
const server = await serve(options.site);
const base = `http://127.0.0.1:${server.address().port}`;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cpsite-search-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: options.chromium, headless: true, args: CHROMIUM_ARGS,
});
try {
  const page = await context.newPage();
  for (const { lang, query, target } of options.expect) {
    const label = `${lang} “${query}”`;
    const started = Date.now();
    await page.goto(`${base}/${lang}/search/?q=${encodeURIComponent(query)}`);
    const found = await page.waitForSelector('#search-results li a', { timeout: 10000 }).then(() => true, () => false);
    const took = Date.now() - started;
    record(`${label}: results appear (${took} ms)`, found);
    if (!found) continue;
    const top = await page.$$eval('#search-results li a', (links) => links.slice(0, 3).map((a) => a.getAttribute('href')));
    record(`${label}: ${target} among the first three`, top.includes(target), `first: ${top.join(' ')}`);
    const status = (await page.textContent('#search-status')) || '';
    record(`${label}: the count is announced`, /\d/.test(status) && status.includes(query), status);
    const marked = await page.$$eval('#search-results mark', (marks) => marks.length);
    record(`${label}: matches are highlighted`, marked > 0);
    const input = await page.inputValue('#search-q');
    record(`${label}: the box holds the query`, input === query, input);
  }
  // Typing into the box on an empty search page.
  const { lang, query, target } = options.expect[0];
  await page.goto(`${base}/${lang}/search/`);
  await page.focus('#search-q');
  await page.keyboard.insertText(query);
  await page.keyboard.press('Enter');
  const typed = await page.waitForSelector(`#search-results li a[href="${target}"]`, { timeout: 10000 }).then(() => true, () => false);
  record(`${lang}: typing “${query}” and Enter finds ${target}`, typed);
  // Without JavaScript the page says so and offers the news list.
  const plain = await context.browser()?.newContext?.({ javaScriptEnabled: false });
  if (plain) {
    const p = await plain.newPage();
    await p.goto(`${base}/${lang}/search/?q=x`);
    record(`${lang}: without JavaScript the page points to the news list`, await p.isVisible('#search-noscript a'));
    await plain.close();
  }
} finally {
  await context.close();
  server.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
