// `npm start`. The Node version is checked before anything else is loaded: the rest of the server may not
// even load on an older Node, and then nobody would tell the person why.
import { assertSupportedNode } from './startup/node-version';

assertSupportedNode();
await import('./startup/serve');
