#!/usr/bin/env node
// Browser checks of a built cpsite site.
//
//   node tests/browser/check-site.mjs --site DIR [--screenshots DIR] [--json]
//        [--langs en,tc,sc] [--base-url URL] [--max-home-kb 30] [--chromium PATH]
//
// Serves DIR over HTTP on 127.0.0.1 (ephemeral port), finds one page of each
// kind in each language, and in Debian's headless Chromium (driven by
// playwright-core) runs axe-core (WCAG 2.0/2.1 A and AA) at 1280 and 375 px,
// the keyboard checks, screenshots and the weight measurement. Prints a report
// and, last, `N passed, M failed`. Exit status: 0 all passed, 1 a check
// failed, 2 the checker itself could not run. No request leaves 127.0.0.1.
// See tests/browser/README.md.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, contentType, resolvePath, serve } from './lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const AXE_PATH = path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 375, height: 812 },
];

// Page kinds, in report order. `core` kinds must exist in every language.
const KINDS = [
  { id: 'chooser', label: 'language chooser', core: true, perLang: false },
  { id: 'home', label: 'home', core: true },
  { id: 'news-list', label: 'news list', core: true },
  { id: 'news-year', label: 'year archive', core: false },
  { id: 'release', label: 'press release', core: true },
  { id: 'page', label: 'standing page', core: false },
  { id: 'partners-year', label: 'partner year', core: false },
  { id: 'partners', label: 'partner overview', core: false },
  { id: 'search', label: 'search', core: false },
  { id: '404', label: 'not found', core: false, perLang: false },
];
// Second path segments under /<lang>/ that are not standing pages.
const RESERVED = new Set(['news', 'partners', 'search', 'topics', 'tags', 'categories', 'page', 'feed', 'static', 'assets']);

// ---------------------------------------------------------------- arguments

function usage(msg) {
  if (msg) console.error(`check-site: ${msg}`);
  console.error('usage: node tests/browser/check-site.mjs --site DIR [--screenshots DIR] [--json] [--langs en,tc,sc] [--base-url URL] [--max-home-kb 30] [--chromium PATH] [--timeout-min 20]');
  process.exit(2);
}

function parseArgs(argv) {
  const o = {
    site: null, screenshots: null, json: false, langs: null, baseUrl: null,
    maxHomeKb: 30, chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium', timeoutMin: 20,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    switch (a) {
      case '--site': o.site = val(); break;
      case '--screenshots': o.screenshots = val(); break;
      case '--json': o.json = true; break;
      case '--langs': o.langs = val().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--base-url': o.baseUrl = val(); break;
      case '--max-home-kb': o.maxHomeKb = Number(val()); break;
      case '--chromium': o.chromium = val(); break;
      case '--timeout-min': o.timeoutMin = Number(val()); break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument ${a}`);
    }
  }
  if (!o.site) usage('--site DIR is required');
  o.site = path.resolve(o.site);
  if (!fs.existsSync(o.site) || !fs.statSync(o.site).isDirectory()) usage(`${o.site} is not a directory`);
  if (o.screenshots) o.screenshots = path.resolve(o.screenshots);
  if (!(o.maxHomeKb > 0)) usage('--max-home-kb must be a positive number');
  return o;
}

// ---------------------------------------------------------------- discovery

function listDirs(dir) {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch { return []; }
}
const has = (...p) => fs.existsSync(path.join(...p));

function discoverLangs(root) {
  // A language is a top-level folder with an index.html whose <html lang> is set;
  // folders of assets have no index.html.
  return listDirs(root).filter((d) => has(root, d, 'index.html') && has(root, d, 'news'));
}

function firstDir(dir, pred) {
  for (const d of listDirs(dir)) if (pred(d) && has(dir, d, 'index.html')) return d;
  return null;
}

// Returns [{kind, lang, rel}] where rel is the URL path ('/en/news/') or null (absent).
function discover(root, langs) {
  const out = [];
  const add = (kind, lang, rel) => out.push({ kind, lang, rel });
  add('chooser', 'root', has(root, 'index.html') ? '/' : null);
  for (const lang of langs) {
    const L = path.join(root, lang);
    add('home', lang, has(L, 'index.html') ? `/${lang}/` : null);
    add('news-list', lang, has(L, 'news', 'index.html') ? `/${lang}/news/` : null);
    const y = firstDir(path.join(L, 'news'), (d) => /^\d{4}$/.test(d));
    add('news-year', lang, y ? `/${lang}/news/${y}/` : null);
    const rel = firstDir(path.join(L, 'news'), (d) => !/^\d{4}$/.test(d) && d !== 'page');
    add('release', lang, rel ? `/${lang}/news/${rel}/` : null);
    const pg = firstDir(L, (d) => !RESERVED.has(d) && !langs.includes(d));
    add('page', lang, pg ? `/${lang}/${pg}/` : null);
    const py = firstDir(path.join(L, 'partners'), (d) => /^\d{4}$/.test(d));
    add('partners-year', lang, py ? `/${lang}/partners/${py}/` : null);
    add('partners', lang, has(L, 'partners', 'index.html') ? `/${lang}/partners/` : null);
    add('search', lang, has(L, 'search', 'index.html') ? `/${lang}/search/` : null);
    if (has(L, '404.html')) add('404', lang, `/${lang}/404.html`);
  }
  add('404', 'root', has(root, '404.html') ? '/404.html' : null);
  const order = new Map(KINDS.map((k, i) => [k.id, i]));
  return out.sort((a, b) => order.get(a.kind) - order.get(b.kind));
}

// The site's base URL, to serve absolute links to it from DIR: taken from the
// chooser's hreflang alternates (`https://example.org/en/` -> `https://example.org/`).
function detectBaseUrl(root, langs) {
  let html;
  try { html = fs.readFileSync(path.join(root, 'index.html'), 'utf8'); } catch { return null; }
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const href = /\bhref\s*=\s*["']?([^"'\s>]+)/i.exec(m[0]);
    if (!href || !/^https?:\/\//i.test(href[1])) continue;
    for (const lang of langs) {
      const suffix = `/${lang}/`;
      if (href[1].endsWith(suffix)) return href[1].slice(0, -suffix.length + 1);
    }
  }
  return null;
}

// ---------------------------------------------------------------- in-page helpers

// Marks the elements the keyboard checks look for and records their unfocused style.
function markCandidates({ lang, langs, kind }) {
  const style = (el) => {
    const cs = getComputedStyle(el);
    return { outlineStyle: cs.outlineStyle, outlineWidth: cs.outlineWidth, outlineColor: cs.outlineColor, outlineOffset: cs.outlineOffset, boxShadow: cs.boxShadow };
  };
  const marked = { switcher: [], search: [], filter: [] };
  let n = 0;
  const mark = (el, role) => {
    if (!el.dataset.cpidx) el.dataset.cpidx = String(++n);
    el.dataset.cpcheck = ((el.dataset.cpcheck || '') + ' ' + role).trim();
    marked[role].push({ idx: el.dataset.cpidx, style: style(el), desc: describe(el) });
  };
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.getAttribute('href')) s += `[href="${el.getAttribute('href')}"]`;
    if (el.getAttribute('type')) s += `[type="${el.getAttribute('type')}"]`;
    if (el.getAttribute('name')) s += `[name="${el.getAttribute('name')}"]`;
    return s;
  };
  const others = langs.filter((l) => l !== lang);
  for (const a of document.querySelectorAll('body a[href]')) {
    let p;
    try { p = new URL(a.href, location.href); } catch { continue; }
    const toOther = p.origin === location.origin && others.some((l) => p.pathname === `/${l}/` || p.pathname.startsWith(`/${l}/`));
    if (a.hasAttribute('hreflang') || toOther) mark(a, 'switcher');
  }
  // Partner filter: form controls in the page body (not the site header, navigation,
  // footer or site search form); those named or wrapped as a filter first.
  const filter = [];
  if (kind === 'partners-year' || kind === 'partners') {
    const scope = document.querySelector('main') || document.body;
    for (const el of scope.querySelectorAll('input:not([type=hidden]), select, textarea, button, [data-filter], [role=tab]')) {
      if (el.closest('header, nav, footer, [role=search]')) continue;
      filter.push(el);
    }
    const named = filter.filter((el) => /filter/i.test([el.id, el.className, el.getAttribute('name') || '', el.closest('[class*=filter], [id*=filter]') ? 'filter' : ''].join(' ')));
    (named.length ? named : filter).forEach((el) => mark(el, 'filter'));
  }
  let search = [...document.querySelectorAll('input[type=search]')].filter((el) => !filter.includes(el));
  if (search.length === 0) {
    search = [...document.querySelectorAll('[role=search] input:not([type=hidden]), search input:not([type=hidden]), form[action*="search"] input:not([type=hidden])')]
      .filter((el) => !filter.includes(el));
  }
  search.forEach((el) => mark(el, 'search'));
  window.__cpn = n;
  return marked;
}

// Describes document.activeElement after a Tab press.
function focusInfo() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  if (!el.dataset.cpidx) el.dataset.cpidx = String(++window.__cpn);
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  if (el.getAttribute('href')) s += `[href="${el.getAttribute('href')}"]`;
  const href = el.getAttribute('href');
  let targetExists = null;
  if (el.tagName === 'A' && href && href.startsWith('#')) {
    const id = decodeURIComponent(href.slice(1));
    targetExists = id.length > 0 && (document.getElementById(id) !== null || document.getElementsByName(id).length > 0);
  }
  return {
    idx: el.dataset.cpidx, marks: el.dataset.cpcheck || '', tag: el.tagName.toLowerCase(), href, desc: s,
    targetExists,
    rect: { x: r.x, y: r.y, w: r.width, h: r.height },
    vw: window.innerWidth, vh: window.innerHeight,
    style: { outlineStyle: cs.outlineStyle, outlineWidth: cs.outlineWidth, outlineColor: cs.outlineColor, outlineOffset: cs.outlineOffset, boxShadow: cs.boxShadow },
  };
}

// ---------------------------------------------------------------- checks

const results = []; // {name, ok, detail}
function record(name, ok, detail = '') {
  results.push({ name, ok, detail });
  return ok;
}

function focusVisible(unfocused, focused) {
  const hasOutline = focused.outlineStyle !== 'none' && focused.outlineStyle !== 'hidden' && parseFloat(focused.outlineWidth) > 0;
  const hasShadow = focused.boxShadow && focused.boxShadow !== 'none';
  const outlineDiffers = ['outlineStyle', 'outlineWidth', 'outlineColor', 'outlineOffset'].some((k) => unfocused[k] !== focused[k]);
  const shadowDiffers = unfocused.boxShadow !== focused.boxShadow;
  return (hasOutline && outlineDiffers) || (hasShadow && shadowDiffers);
}

async function tabWalk(page, maxTabs, wanted) {
  await page.evaluate(() => { if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0); });
  const seq = [];
  const found = new Set();
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(focusInfo);
    if (!info) { if (seq.length) break; continue; }
    if (seq.length && info.idx === seq[0].idx) break; // wrapped round
    seq.push(info);
    for (const m of info.marks.split(' ').filter(Boolean)) found.add(m);
    if (wanted.every((w) => found.has(w))) break;
  }
  return seq;
}

async function keyboardChecks(page, t, langs, report) {
  const label = `${KINDS.find((k) => k.id === t.kind).label} ${t.lang}`;
  const marked = await page.evaluate(markCandidates, { lang: t.lang, langs, kind: t.kind });
  const wanted = [];
  if (t.kind === 'home') wanted.push('switcher');
  if (marked.search.length) wanted.push('search');
  if (marked.filter.length) wanted.push('filter');
  const seq = await tabWalk(page, 400, wanted);
  const kb = { page: t.url, kind: t.kind, lang: t.lang, tabStops: seq.length, checks: [] };
  report.keyboard.push(kb);
  const rec = (name, ok, detail) => { kb.checks.push({ name, ok, detail }); return record(`keyboard ${name}: ${label} (${t.url})`, ok, detail); };

  if (t.kind === 'home') {
    const first = seq[0];
    if (!first) rec('skip link first', false, 'Tab focuses nothing');
    else if (first.tag !== 'a' || !first.href || !first.href.startsWith('#')) rec('skip link first', false, `first Tab stop is ${first.desc}, not a link to #…`);
    else if (!first.targetExists) rec('skip link first', false, `${first.desc}: no element with that id`);
    else {
      const r = first.rect;
      const onScreen = r.w >= 1 && r.h >= 1 && r.x + r.w > 0 && r.y + r.h > 0 && r.x < first.vw && r.y < first.vh;
      rec('skip link first', onScreen, onScreen ? first.desc : `${first.desc} is focused but not visible on screen (${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.w)}x${Math.round(r.h)})`);
    }
  }
  const roleCheck = (role, what, required) => {
    const cands = marked[role];
    if (cands.length === 0) {
      if (required) rec(`${what} reachable`, false, `no ${what} found on the page`);
      else kb.checks.push({ name: `${what}`, ok: true, detail: 'absent' });
      return;
    }
    const hit = seq.find((s) => s.marks.split(' ').includes(role));
    if (!hit) {
      rec(`${what} reachable`, false, `not reached in ${seq.length} Tab presses (candidates: ${cands.map((c) => c.desc).slice(0, 3).join(', ')})`);
      return;
    }
    rec(`${what} reachable`, true, `${hit.desc} after ${seq.indexOf(hit) + 1} Tab presses`);
    const before = cands.find((c) => c.idx === hit.idx);
    const ok = before ? focusVisible(before.style, hit.style) : false;
    rec(`${what} focus visible`, ok, ok
      ? `${hit.desc}: outline ${hit.style.outlineStyle} ${hit.style.outlineWidth}, box-shadow ${hit.style.boxShadow}`
      : `${hit.desc}: focused outline ${hit.style.outlineStyle} ${hit.style.outlineWidth} ${hit.style.outlineColor} / box-shadow ${hit.style.boxShadow} — same as unfocused or none`);
  };
  if (t.kind === 'home') {
    roleCheck('switcher', 'language switcher', true);
    roleCheck('search', 'search box', false);
  } else if (t.kind === 'search') {
    roleCheck('search', 'search box', true);
  } else if (t.kind === 'partners-year' || t.kind === 'partners') {
    roleCheck('filter', 'partner filter', false);
  }
}

function fmtBytes(n) {
  return n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`;
}

// ---------------------------------------------------------------- main

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  const watchdog = setTimeout(() => {
    console.error(`check-site: gave up after ${opt.timeoutMin} minutes`);
    process.exit(2);
  }, opt.timeoutMin * 60_000);
  watchdog.unref();

  if (!fs.existsSync(AXE_PATH)) { console.error(`check-site: ${AXE_PATH} missing: run npm ci`); process.exit(2); }
  if (!fs.existsSync(opt.chromium)) { console.error(`check-site: no Chromium at ${opt.chromium} (apt-get install chromium)`); process.exit(2); }
  let chromium;
  try { ({ chromium } = await import('playwright-core')); } catch (e) {
    console.error(`check-site: cannot load playwright-core (run npm ci): ${e.message}`); process.exit(2);
  }

  const root = fs.realpathSync(opt.site);
  const found = discoverLangs(root);
  const langs = opt.langs || found;
  const baseUrl = opt.baseUrl || detectBaseUrl(root, langs);
  const targets = discover(root, langs);
  const server = await serve(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const log = opt.json ? () => {} : (s = '') => console.log(s);

  const report = { site: root, origin, baseUrl, langs, pages: [], keyboard: [], blocked: [], checks: results };
  log(`check-site: ${root} served at ${origin}; languages: ${langs.join(', ') || '(none)'}${baseUrl ? `; base URL ${baseUrl} served from the site` : ''}`);
  if (opt.langs) for (const l of opt.langs) if (!found.includes(l)) log(`  language ${l} was asked for but ${l}/index.html + ${l}/news/ are not in the site`);
  if (langs.length === 0) record('languages present', false, 'no /<lang>/index.html with /<lang>/news/ in the site');

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cpsite-chromium-'));
  if (opt.screenshots) fs.mkdirSync(opt.screenshots, { recursive: true });
  let ctx;
  try {
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: opt.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: WIDTHS[0].width, height: WIDTHS[0].height },
      bypassCSP: true, // axe is injected as an inline script
      serviceWorkers: 'block',
      reducedMotion: 'reduce',
      timeout: 60_000,
    });
  } catch (e) {
    console.error(`check-site: cannot start ${opt.chromium}: ${e.message}`);
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
    process.exit(2);
  }

  // Nothing leaves 127.0.0.1: requests to the base URL are served from DIR, others aborted.
  await ctx.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    if (baseUrl && url.startsWith(baseUrl)) {
      const rel = '/' + url.slice(baseUrl.length);
      const r = resolvePath(root, new URL(rel, origin).pathname);
      if (r && r.file) return route.fulfill({ status: 200, path: r.file, contentType: contentType(r.file) });
      return route.fulfill({ status: 404, body: 'not found' });
    }
    if (!report.blocked.includes(url)) report.blocked.push(url);
    return route.abort('blockedbyclient');
  });

  const page = ctx.pages()[0] || (await ctx.newPage());
  page.setDefaultTimeout(30_000);
  let pageErrors = [];
  let responses = [];
  page.on('pageerror', (e) => pageErrors.push(String(e && e.message || e)));
  page.on('response', (r) => responses.push(r));

  const kindLabel = (id) => KINDS.find((k) => k.id === id).label;
  for (const t of targets) {
    const entry = { kind: t.kind, lang: t.lang, url: t.rel, status: t.rel ? 'checked' : 'absent', widths: {}, weight: null };
    report.pages.push(entry);
    if (!t.rel) {
      const k = KINDS.find((x) => x.id === t.kind);
      if (k.core) { entry.status = 'missing'; record(`present: ${k.label} ${t.lang}`, false, 'core page kind missing from the site'); }
      continue;
    }
  }

  for (const { width, height } of WIDTHS) {
    await page.setViewportSize({ width, height });
    for (const entry of report.pages) {
      if (entry.status !== 'checked') continue;
      const label = `${kindLabel(entry.kind)} ${entry.lang} @${width}`;
      pageErrors = [];
      responses = [];
      let resp;
      try {
        resp = await page.goto(origin + entry.url, { waitUntil: 'load' });
      } catch (e) {
        record(`load: ${label} (${entry.url})`, false, e.message.split('\n')[0]);
        continue;
      }
      await page.waitForTimeout(50);
      const w = { violations: [], screenshot: null };
      entry.widths[width] = w;

      if (width === WIDTHS[0].width) {
        // Load: status, same-origin subresources, uncaught script errors.
        const problems = [];
        if (!resp || resp.status() !== 200) problems.push(`status ${resp ? resp.status() : 'none'}`);
        for (const r of responses) {
          const u = r.url();
          if (r.request().resourceType() === 'document' || u.endsWith('/favicon.ico')) continue;
          if (r.status() >= 400) problems.push(`${r.status()} ${u.replace(origin, '')}`);
        }
        for (const e of pageErrors) problems.push(`script error: ${e}`);
        record(`load: ${kindLabel(entry.kind)} ${entry.lang} (${entry.url})`, problems.length === 0, problems.join('; '));

        // Weight: uncompressed bytes as served (the server does not compress, the cache is off).
        const wt = { html: 0, css: 0, js: 0, other: 0, files: [] };
        for (const r of responses) {
          let n = 0;
          try { n = (await r.body()).length; } catch { continue; }
          const type = r.request().resourceType();
          const key = type === 'document' ? 'html' : type === 'stylesheet' ? 'css' : type === 'script' ? 'js' : 'other';
          wt[key] += n;
          wt.files.push({ url: r.url().replace(origin, ''), type, bytes: n });
        }
        wt.total = wt.html + wt.css + wt.js;
        entry.weight = wt;
        if (entry.kind === 'home') {
          const max = opt.maxHomeKb * 1024;
          record(`weight: home ${entry.lang} HTML+CSS+JS < ${opt.maxHomeKb} KB`, wt.total < max,
            `${wt.total} bytes (HTML ${wt.html}, CSS ${wt.css}, JS ${wt.js})`);
        }
      }

      // axe-core, WCAG 2.0 / 2.1 A and AA.
      try {
        await page.addScriptTag({ path: AXE_PATH });
        const res = await page.evaluate(async (tags) => {
          const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
          return r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags.filter((x) => x.startsWith('wcag')),
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), summary: (n.failureSummary || '').split('\n').slice(0, 3).join(' ') })),
          }));
        }, AXE_TAGS);
        w.violations = res;
        const detail = res.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}): ${v.help}\n` +
          v.nodes.slice(0, 5).map((n) => `        ${n.target}  ${n.html.replace(/\s+/g, ' ').slice(0, 120)}`).join('\n') +
          (v.nodes.length > 5 ? `\n        … and ${v.nodes.length - 5} more` : '')).join('\n      ');
        record(`axe: ${label} (${entry.url})`, res.length === 0, detail);
      } catch (e) {
        record(`axe: ${label} (${entry.url})`, false, `axe did not run: ${e.message.split('\n')[0]}`);
      }

      // Keyboard, at the desktop width, on the pages that carry the controls.
      if (width === WIDTHS[0].width && ['home', 'search', 'partners-year', 'partners'].includes(entry.kind)) {
        try {
          await page.goto(origin + entry.url, { waitUntil: 'load' });
          await keyboardChecks(page, entry, langs, report);
        } catch (e) {
          record(`keyboard: ${label} (${entry.url})`, false, `did not run: ${e.message.split('\n')[0]}`);
        }
        await page.evaluate(() => { if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0); });
      }

      if (opt.screenshots) {
        const file = path.join(opt.screenshots, `${entry.kind}-${entry.lang}-${width}.png`);
        try {
          await page.screenshot({ path: file, fullPage: true });
          w.screenshot = file;
        } catch (e) {
          record(`screenshot: ${label}`, false, e.message.split('\n')[0]);
        }
      }

      // WCAG 1.4.10 and 1.4.4, after the narrow width: the page reflows at
      // 320 px, and at 1280 px with text at 200 %, without scrolling sideways
      // (tables may scroll inside their own box).
      if (width === WIDTHS[WIDTHS.length - 1].width) {
        const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        try {
          await page.setViewportSize({ width: 320, height: 640 });
          const narrow = await overflow();
          record(`reflow at 320 px: ${kindLabel(entry.kind)} ${entry.lang} (${entry.url})`, narrow <= 0, `${narrow} px too wide`);
          await page.setViewportSize({ width: WIDTHS[0].width, height: WIDTHS[0].height });
          await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
          const large = await overflow();
          record(`text at 200 %: ${kindLabel(entry.kind)} ${entry.lang} (${entry.url})`, large <= 0, `${large} px too wide`);
          await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
        } catch (e) {
          record(`reflow: ${label}`, false, e.message.split('\n')[0]);
        }
      }
    }
  }

  await ctx.close();
  server.close();
  fs.rmSync(profile, { recursive: true, force: true });
  clearTimeout(watchdog);

  // ------------------------------------------------------------ report
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  report.passed = passed;
  report.failed = failed;
  if (opt.json) {
    console.log(JSON.stringify(report, null, 2));
    console.error(`${passed} passed, ${failed} failed`);
  } else {
    log('');
    log('Pages (kind, language, address, axe violations at 1280 / 375, HTML+CSS+JS weight):');
    for (const e of report.pages) {
      if (e.status !== 'checked') { log(`  ${kindLabel(e.kind).padEnd(17)} ${e.lang.padEnd(5)} ${e.status}`); continue; }
      const v = WIDTHS.map(({ width }) => (e.widths[width] ? e.widths[width].violations.length : '?')).join(' / ');
      const wt = e.weight ? `${fmtBytes(e.weight.total)} (HTML ${fmtBytes(e.weight.html)}, CSS ${fmtBytes(e.weight.css)}, JS ${fmtBytes(e.weight.js)}${e.weight.other ? `; other ${fmtBytes(e.weight.other)}` : ''})` : '';
      log(`  ${kindLabel(e.kind).padEnd(17)} ${e.lang.padEnd(5)} ${e.url.padEnd(40)} axe ${v}   ${wt}`);
    }
    if (report.keyboard.length) {
      log('');
      log('Keyboard (1280 px):');
      for (const k of report.keyboard) {
        const parts = k.checks.map((c) => `${c.name} ${c.detail === 'absent' ? 'absent' : c.ok ? 'ok' : 'FAIL'}`);
        log(`  ${kindLabel(k.kind).padEnd(17)} ${k.lang.padEnd(5)} ${k.page.padEnd(40)} ${k.tabStops} Tab stops walked; ${parts.join(', ')}`);
      }
    }
    if (report.blocked.length) {
      log('');
      log(`Requests blocked (outside 127.0.0.1): ${report.blocked.length}`);
      for (const u of report.blocked.slice(0, 10)) log(`  ${u}`);
    }
    log('');
    log('Checks:');
    for (const r of results) {
      log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.detail && (!r.ok || r.name.startsWith('weight') || r.name.startsWith('keyboard')) ? `\n      ${r.detail}` : ''}`);
    }
    if (opt.screenshots) log(`\nScreenshots in ${opt.screenshots}`);
    log('');
    console.log(`${passed} passed, ${failed} failed`);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`check-site: ${e && e.stack || e}`);
  process.exit(2);
});
