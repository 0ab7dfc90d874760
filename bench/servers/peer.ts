// The peer: PostGraphile v4 on the same tables (no masking, no trail), as its docs set it up.
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { announce } from './announce';

const middleware = postgraphile(process.env.DATABASE_URL!, 'public', {
  disableDefaultMutations: true,
  ignoreRBAC: true,
  disableQueryLog: true,
  retryOnInitFail: false,
});
const server = createServer(middleware);
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  announce(`http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`, async () => { server.close(); await middleware.release(); });
});
