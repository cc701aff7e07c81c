// Shared by the browser scripts: Debian Chromium's launch flags and a
// static server for a built site on 127.0.0.1 (ephemeral port), answering
// like the real host: folder addresses give index.html, unknown ones the
// site's 404.html with status 404, nothing outside the site.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8', '.svg': 'image/svg+xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8', '.map': 'application/json; charset=utf-8',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.avif': 'image/avif', '.ico': 'image/x-icon', '.pdf': 'application/pdf',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.otf': 'font/otf',
};

export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

// Maps a URL path to a file under root: `/foo/` -> `/foo/index.html`.
// Returns {file} or {redirect} or null (not found).
export function resolvePath(root, urlPath) {
  let p;
  try { p = decodeURIComponent(urlPath.split('?')[0].split('#')[0]); } catch { return null; }
  if (p.includes('\0')) return null;
  const abs = path.resolve(root, '.' + p);
  if (abs !== root && !abs.startsWith(root + path.sep)) return null;
  let st;
  try { st = fs.statSync(abs); } catch { return null; }
  if (st.isDirectory()) {
    if (!p.endsWith('/')) return { redirect: urlPath.split('?')[0] + '/' };
    const idx = path.join(abs, 'index.html');
    return fs.existsSync(idx) ? { file: idx } : null;
  }
  return st.isFile() ? { file: abs } : null;
}

export function serve(root) {
  const server = http.createServer((req, res) => {
    const r = resolvePath(root, req.url || '/');
    const send = (status, file) => {
      const body = fs.readFileSync(file);
      res.writeHead(status, { 'Content-Type': contentType(file), 'Content-Length': body.length, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (r && r.redirect) { res.writeHead(301, { Location: r.redirect }); res.end(); return; }
    if (r && r.file) { send(200, r.file); return; }
    const nf = path.join(root, '404.html');
    if (fs.existsSync(nf)) { send(404, nf); return; }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
