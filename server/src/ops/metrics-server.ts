import { createServer } from 'node:http';
import { type Log, safeError } from './log';
import type { Metrics } from './metrics';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * GET /metrics in Prometheus's text format, on a port of its own (MAMORI_METRICS_PORT, loopback unless
 * MAMORI_METRICS_HOST says otherwise): the main port is the public one, and what the metrics tell (load,
 * refusals, operations) is for the operator's scraper only. Nothing else is served here.
 */
export async function startMetricsServer(metrics: Metrics, port: number, host: string, log: Log): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?', 1)[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: GET /metrics\n');
      return;
    }
    metrics.exposition().then(({ contentType, body }) => {
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body);
    }, (error: unknown) => {
      log.error({ err: safeError(error) }, 'metrics collection failed');
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics collection failed\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => { server.off('error', reject); resolve(); });
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}/metrics`,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
