import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { settings } from '../config';

/** The largest request body the API reads (JSON), here and in express's parser. */
export const BODY_LIMIT_BYTES = 256 * 1024;

const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "font-src 'self' data:", "connect-src 'self'", "media-src 'self' blob:", "object-src 'none'", "base-uri 'none'",
  "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/** A year, subdomains included: browsers then never reach the store's back office over plain HTTP. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on everything served: a CSP without inline scripts (MUI injects its styles, hence
 * style-src 'unsafe-inline'), no framing, no sniffing, no referrer; HSTS when the public address
 * (MAMORI_PUBLIC_URL, the TLS proxy's) is https.
 */
export function setSecurityHeaders(res: ServerResponse): void {
  if (settings().MAMORI_PUBLIC_URL?.protocol === 'https:') res.setHeader('Strict-Transport-Security', HSTS);
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

export const securityHeaders: RequestHandler = (_req, res, next) => {
  setSecurityHeaders(res);
  next();
};

/** A body that cannot be read (too large, not JSON): a GraphQL-shaped error with a stable code. */
export function unreadableBody(tooLarge: boolean): { status: number; body: unknown } {
  return {
    status: tooLarge ? 413 : 400,
    body: {
      errors: [{
        message: tooLarge ? 'リクエストが大きすぎます / Request body too large' : 'リクエストを読み取れません / Malformed request',
        extensions: { code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' },
      }],
    },
  };
}

/** Body parser failures (too large, not JSON) answer a GraphQL-shaped error with a stable code. */
export const bodyErrors: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) return next(err);
  const { status, body } = unreadableBody(err?.type === 'entity.too.large');
  res.status(status).json(body);
};
