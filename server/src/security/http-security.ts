import type { ErrorRequestHandler, RequestHandler } from 'express';

/**
 * Security headers on everything served: a CSP without inline scripts (MUI injects its styles, hence
 * style-src 'unsafe-inline'), no framing, no sniffing, no referrer.
 */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', [
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
    "font-src 'self' data:", "connect-src 'self'", "media-src 'self' blob:", "object-src 'none'", "base-uri 'none'",
    "form-action 'self'", "frame-ancestors 'none'",
  ].join('; '));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  next();
};

/** Body parser failures (too large, not JSON) answer a GraphQL-shaped error with a stable code. */
export const bodyErrors: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) return next(err);
  const tooLarge = err?.type === 'entity.too.large';
  res.status(tooLarge ? 413 : 400).json({
    errors: [{
      message: tooLarge ? 'リクエストが大きすぎます / Request body too large' : 'リクエストを読み取れません / Malformed request',
      extensions: { code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' },
    }],
  });
};
