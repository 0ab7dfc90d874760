// PostGraphile v4 needs graphql 15; the app pins graphql 16 for everything (package.json overrides).
// In the peer's process only, `require('graphql…')` resolves to the graphql15 alias package.
const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'graphql' || request.startsWith('graphql/')) request = request.replace(/^graphql/, 'graphql15');
  return resolve.call(this, request, ...rest);
};
