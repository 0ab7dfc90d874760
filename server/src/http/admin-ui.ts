import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Express, Request, Response } from 'express';

/** Vite names every built asset by its content's hash: a changed file is a new URL, so a copy never goes stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current assets: asked again (revalidated) on every visit, so a new release is seen at once. */
const REVALIDATE = 'no-cache';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
};

/** Precompressed copies written by the build (admin-ui/build/precompress.ts), in order of preference. */
const ENCODINGS = [{ name: 'br', suffix: '.br' }, { name: 'gzip', suffix: '.gz' }] as const;

function accepts(req: Request, encoding: string): boolean {
  // `br;q=0` refuses it; anything else naming it (with or without a weight) accepts it.
  return (req.headers['accept-encoding'] ?? '').split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    return name.trim().toLowerCase() === encoding && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}

/**
 * Sends `file` of the built UI: the smallest copy the browser accepts (brotli, gzip, else as built),
 * with its own content type, `Vary: Accept-Encoding` and the given caching. Conditional requests and
 * ranges are handled by express's sendFile.
 */
function sendBuilt(req: Request, res: Response, file: string, cacheControl: string): void {
  const type = TYPES[path.extname(file)];
  const encoding = type ? ENCODINGS.find((e) => accepts(req, e.name) && existsSync(file + e.suffix)) : undefined;
  res.setHeader('Cache-Control', cacheControl);
  if (type) {
    res.setHeader('Content-Type', type); // set first: sendFile keeps a type already set (not the `.br`'s)
    res.setHeader('Vary', 'Accept-Encoding');
  }
  if (encoding) res.setHeader('Content-Encoding', encoding.name);
  res.sendFile(encoding ? file + encoding.suffix : file, { cacheControl: false, dotfiles: 'deny' }, (error) => {
    if (error && !res.headersSent) res.status((error as { status?: number }).status ?? 404).end();
  });
}

/**
 * The built admin UI (admin-ui/dist): hashed assets under /assets cached for a year, everything else
 * (the router is hash-based, so any other path) answered with index.html. Does nothing when the UI
 * is not built.
 */
export function serveAdminUi(app: Express, dist: string): void {
  if (!existsSync(path.join(dist, 'index.html'))) return;
  const assets = path.join(dist, 'assets');
  app.get('/assets/{*name}', (req, res) => {
    const file = path.join(assets, path.normalize(req.path.slice('/assets/'.length)));
    if (!file.startsWith(assets + path.sep) || !existsSync(file)) {
      res.status(404).end();
      return;
    }
    sendBuilt(req, res, file, IMMUTABLE);
  });
  app.get(/^\/(?!graphql|downloads\/).*/, (req, res) => sendBuilt(req, res, path.join(dist, 'index.html'), REVALIDATE));
}
