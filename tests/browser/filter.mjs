#!/usr/bin/env node
// The find-as-you-type partner filter in headless Chromium.
//
//   node tests/browser/filter.mjs --site DIR --year YEAR [--expect N] [--total N]
//        [--langs en,tc] [--query-en dongguan] [--query-zh 東莞]
//        [--query-wide ＤＯＮＧＧＵＡＮ] [--chromium PATH]
//
// Serves DIR on 127.0.0.1 (ephemeral port) and, on /<lang>/partners/<year>/
// of each language, with JavaScript on: the filter box shows; an English
// query typed key by key, a Chinese one committed as an IME would
// (insertText, and a real composition over CDP), and a full-width one each
// leave exactly the expected rows visible (`--expect`, and the count of rows
// whose data-search holds the folded query) and the status names that
// number; clearing shows every row again. It measures one keystroke's
// filter update on the page (median of 20, printed, never asserted). With
// JavaScript off: every row visible, the filter box hidden.
// Prints the checks and, last, `N passed, M failed`. Exit status: 0 all
// passed, 1 a check failed, 2 the script could not run.

import fs from 'node:fs';
import path from 'node:path';
import { CHROMIUM_ARGS, serve } from './lib.mjs';
const SAMPLES = 20;

// ---------------------------------------------------------------- arguments

function usage(msg) {
  if (msg) console.error(`filter: ${msg}`);
  console.error('usage: node tests/browser/filter.mjs --site DIR --year YEAR [--expect N] [--total N] [--langs en,tc] [--query-en Q] [--query-zh Q] [--query-wide Q] [--chromium PATH]');
  process.exit(2);
}

function parseArgs(argv) {
  const o = {
    site: null, year: null, expect: null, total: null, langs: ['en', 'tc'],
    queryEn: 'dongguan', queryZh: '東莞', queryWide: 'ＤＯＮＧＧＵＡＮ',
    chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    switch (a) {
      case '--site': o.site = val(); break;
      case '--year': o.year = val(); break;
      case '--expect': o.expect = Number(val()); break;
      case '--total': o.total = Number(val()); break;
      case '--langs': o.langs = val().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--query-en': o.queryEn = val(); break;
      case '--query-zh': o.queryZh = val(); break;
      case '--query-wide': o.queryWide = val(); break;
      case '--chromium': o.chromium = val(); break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument ${a}`);
    }
  }
  if (!o.site) usage('--site DIR is required');
  if (!o.year || !/^\d{4}$/.test(o.year)) usage('--year YYYY is required');
  for (const k of ['expect', 'total']) {
    if (o[k] !== null && !(Number.isInteger(o[k]) && o[k] >= 0)) usage(`--${k} must be a whole number`);
  }
  o.site = path.resolve(o.site);
  if (!fs.existsSync(o.site) || !fs.statSync(o.site).isDirectory()) usage(`${o.site} is not a directory`);
  return o;
}

// ---------------------------------------------------------------- checks

const results = [];
function record(name, ok, detail = '') {
  results.push({ name, ok, detail });
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `\n      ${detail}` : ''}`);
  return ok;
}

// The page's own folding (partner-filter.js and the data-search values):
// full-width ASCII to ASCII, ideographic space to space, lowercase.
function fold(s) {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
    .replace(/\u3000/g, ' ').toLowerCase().trim();
}

// Rows: total, visible, and how many data-search values hold `folded`.
async function rowState(page, folded) {
  return page.evaluate((q) => {
    const rows = [...document.querySelectorAll('li[data-search]')];
    const visible = (el) => (el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0);
    const status = document.getElementById('partner-filter-status');
    return {
      total: rows.length,
      visible: rows.filter(visible).length,
      matching: q === null ? null : rows.filter((r) => r.getAttribute('data-search').includes(q)).length,
      status: status ? status.textContent : null,
    };
  }, folded);
}

async function clearBox(page) {
  await page.focus('#partner-filter');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// Checks the rows after a query: the expected number visible, the same as
// the rows whose data-search holds the folded query, and the status naming it.
async function checkQuery(page, label, query, opt) {
  const st = await rowState(page, fold(query));
  const expected = opt.expect ?? st.matching;
  record(`${label}: ${st.visible} rows visible, expected ${expected}`, st.visible === expected,
    st.visible === expected ? '' : `visible ${st.visible}, rows whose data-search holds "${fold(query)}": ${st.matching}, total ${st.total}`);
  if (opt.expect !== null) {
    record(`${label}: data-search of ${st.matching} rows holds "${fold(query)}" (--expect ${opt.expect})`, st.matching === opt.expect);
  }
  const ok = st.status !== null && new RegExp(`(^|\\D)${expected}(\\D|$)`).test(st.status);
  record(`${label}: status names ${expected}`, ok, ok ? `"${st.status}"` : `status is "${st.status}"`);
  return st;
}

async function checkCleared(page, label, total) {
  const st = await rowState(page, null);
  record(`${label}: cleared, all ${total} rows visible`, st.visible === total, `visible ${st.visible} of ${st.total}`);
}

async function withScript(ctx, origin, lang, opt) {
  const url = `${origin}/${lang}/partners/${opt.year}/`;
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String((e && e.message) || e)));
  const resp = await page.goto(url, { waitUntil: 'load' });
  const L = `${lang} (${url.replace(origin, '')})`;
  record(`${L}: loads`, !!resp && resp.status() === 200, resp ? `status ${resp.status()}` : 'no response');

  const start = await rowState(page, null);
  const total = opt.total ?? start.total;
  record(`${L}: ${start.total} partner rows`, start.total === total && start.visible === total,
    `${start.total} rows, ${start.visible} visible, expected ${total}`);
  const shown = await page.locator('.filter').first().isVisible().catch(() => false);
  const boxShown = await page.locator('#partner-filter').isVisible().catch(() => false);
  record(`${L}: filter box visible with JavaScript`, shown && boxShown);
  if (!boxShown) { await page.close(); return; }

  // English, key by key, lowercase.
  await page.click('#partner-filter');
  await page.keyboard.type(opt.queryEn);
  await checkQuery(page, `${L} typed "${opt.queryEn}"`, opt.queryEn, opt);
  await clearBox(page);
  await checkCleared(page, `${L} after "${opt.queryEn}"`, total);

  // Chinese, committed at once as an IME does.
  await page.focus('#partner-filter');
  await page.keyboard.insertText(opt.queryZh);
  await checkQuery(page, `${L} IME commit "${opt.queryZh}"`, opt.queryZh, opt);
  await clearBox(page);
  await checkCleared(page, `${L} after "${opt.queryZh}"`, total);

  // A real composition (CDP): nothing filters while composing; the commit does.
  const cdp = await page.context().newCDPSession(page);
  await page.focus('#partner-filter');
  const first = [...opt.queryZh][0];
  await cdp.send('Input.imeSetComposition', { text: first, selectionStart: 1, selectionEnd: 1 });
  const composing = await rowState(page, null);
  record(`${L} composing "${first}": list not filtered yet`, composing.visible === total, `visible ${composing.visible} of ${total}`);
  await cdp.send('Input.insertText', { text: opt.queryZh });
  const value = await page.inputValue('#partner-filter');
  record(`${L} composition committed: box holds "${opt.queryZh}"`, value === opt.queryZh, `box holds "${value}"`);
  await checkQuery(page, `${L} composition "${opt.queryZh}"`, opt.queryZh, opt);
  await cdp.detach();
  await clearBox(page);
  await checkCleared(page, `${L} after composition`, total);

  // Full-width Latin letters.
  await page.focus('#partner-filter');
  await page.keyboard.type(opt.queryWide);
  await checkQuery(page, `${L} typed "${opt.queryWide}"`, opt.queryWide, opt);
  await clearBox(page);
  await checkCleared(page, `${L} after "${opt.queryWide}"`, total);

  // Nothing matches: no row, and the status says so.
  await page.focus('#partner-filter');
  await page.keyboard.type('zzqqxxjj');
  const none = await rowState(page, 'zzqqxxjj');
  record(`${L} typed "zzqqxxjj": no row visible, status not empty`, none.visible === 0 && !!none.status && none.status.trim() !== '',
    `visible ${none.visible}, status "${none.status}"`);
  await clearBox(page);
  await checkCleared(page, `${L} after "zzqqxxjj"`, total);

  // One keystroke's update, never asserted: from an empty box, one character
  // that narrows the list (the first of the Chinese query), and back.
  if (lang === opt.langs[0]) {
    const t = await page.evaluate(async ({ ch, samples }) => {
      const input = document.getElementById('partner-filter');
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      const fire = (v, type) => {
        input.value = v;
        input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: type, data: v || null }));
      };
      const narrow = [], widen = [], handler = [], layout = [];
      for (let i = 0; i < samples; i++) {
        for (const [v, type, into] of [[ch, 'insertText', narrow], ['', 'deleteContentBackward', widen]]) {
          await frame(); await frame();
          const t0 = performance.now();
          fire(v, type);
          const t1 = performance.now();
          await frame();
          void document.documentElement.offsetHeight; // style and layout of the updated rows
          const t2 = performance.now();
          into.push(t2 - t0);
          if (v) handler.push(t1 - t0);
        }
      }
      // Handler plus style and layout, without waiting for a frame.
      for (let i = 0; i < samples; i++) {
        await frame();
        fire('', 'deleteContentBackward');
        void document.documentElement.offsetHeight;
        await frame();
        const t0 = performance.now();
        fire(ch, 'insertText');
        void document.documentElement.offsetHeight;
        layout.push(performance.now() - t0);
      }
      fire('', 'deleteContentBackward');
      return { narrow, widen, handler, layout };
    }, { ch: [...opt.queryZh][0], samples: SAMPLES });
    const f = (xs) => median(xs).toFixed(1);
    console.log(`filter update on ${total} rows: ${f(t.narrow)} ms (median of ${SAMPLES})`);
    console.log(`  one keystroke "${[...opt.queryZh][0]}" narrowing the list, from the input event to the next animation frame (layout forced in it);`);
    console.log(`  clearing it again ${f(t.widen)} ms; input handler alone ${f(t.handler)} ms; handler + style/layout without waiting for a frame ${f(t.layout)} ms (medians of ${SAMPLES})`);
    await checkCleared(page, `${L} after timing`, total);
  }

  record(`${L}: no script errors`, errors.length === 0, errors.join('; '));
  await page.close();
}

async function withoutScript(browser, origin, lang, opt, routeOf) {
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  await ctx.route('**/*', routeOf);
  const page = await ctx.newPage();
  const url = `${origin}/${lang}/partners/${opt.year}/`;
  const L = `${lang} without JavaScript (${url.replace(origin, '')})`;
  await page.goto(url, { waitUntil: 'load' });
  const rows = page.locator('li[data-search]');
  const total = await rows.count();
  const visible = await page.locator('li[data-search]:visible').count();
  const want = opt.total ?? total;
  record(`${L}: all ${want} rows visible`, total === want && visible === want, `${visible} visible of ${total}`);
  const boxHidden = await page.locator('#partner-filter').isHidden();
  const divHidden = await page.locator('.filter').first().isHidden();
  record(`${L}: filter box hidden`, boxHidden && divHidden);
  await ctx.close();
}

// ---------------------------------------------------------------- main

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  const watchdog = setTimeout(() => { console.error('filter: gave up after 10 minutes'); process.exit(2); }, 600_000);
  watchdog.unref();
  if (!fs.existsSync(opt.chromium)) { console.error(`filter: no Chromium at ${opt.chromium} (apt-get install chromium)`); process.exit(2); }
  let chromium;
  try { ({ chromium } = await import('playwright-core')); } catch (e) {
    console.error(`filter: cannot load playwright-core (run npm ci): ${e.message}`); process.exit(2);
  }
  const root = fs.realpathSync(opt.site);
  for (const lang of opt.langs) {
    if (!fs.existsSync(path.join(root, lang, 'partners', opt.year, 'index.html'))) {
      console.error(`filter: ${lang}/partners/${opt.year}/index.html is not in ${root}`);
      process.exit(2);
    }
  }
  const server = await serve(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  console.log(`filter: ${root} served at ${origin}; year ${opt.year}; languages ${opt.langs.join(', ')}`);

  let browser;
  try {
    browser = await chromium.launch({ executablePath: opt.chromium, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (e) {
    console.error(`filter: cannot start ${opt.chromium}: ${e.message}`);
    server.close();
    process.exit(2);
  }
  // Nothing leaves 127.0.0.1.
  const blocked = [];
  const routeOf = (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  };
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block', reducedMotion: 'reduce' });
  await ctx.route('**/*', routeOf);
  ctx.setDefaultTimeout(30_000);

  for (const lang of opt.langs) {
    try { await withScript(ctx, origin, lang, opt); } catch (e) {
      record(`${lang}: filter checks ran`, false, e.message.split('\n')[0]);
    }
    try { await withoutScript(browser, origin, lang, opt, routeOf); } catch (e) {
      record(`${lang}: checks without JavaScript ran`, false, e.message.split('\n')[0]);
    }
  }
  await ctx.close();
  await browser.close();
  server.close();
  if (blocked.length) console.log(`requests blocked (outside 127.0.0.1): ${blocked.length}, e.g. ${blocked[0]}`);

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`filter: ${(e && e.stack) || e}`);
  process.exit(2);
});
