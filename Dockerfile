# Production image: the GraphQL server (run by tsx) and the built admin UI. The database is external
# (DATABASE_URL, see docker-compose.yml): the embedded PostgreSQL is for development only.
FROM node:20-bookworm-slim

WORKDIR /app
# Also makes `npm ci` skip devDependencies (tests, type packages).
ENV NODE_ENV=production

# Dependencies first, so a source change doesn't re-run npm ci. (Its postinstall admin-UI build is a
# no-op here, the sources are not copied yet; `npm run build` below does it.)
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

# An explicit list rather than `COPY . .`: keeps a host node_modules, .git and the local database with
# its personal data (.mamori/) out of the image. tsconfig.json is needed at run time (tsx: decorators).
COPY tsconfig.json ./
COPY schema ./schema
COPY server ./server
COPY admin-ui ./admin-ui
RUN npm run build

# The trail's checkpoint and archive directories (volumes in docker-compose.yml), writable by the app's user.
RUN mkdir -p /var/lib/mamori-trail/checkpoints /var/lib/mamori-trail/archives && chown -R node:node /var/lib/mamori-trail
USER node
EXPOSE 4000 9464
# Ready: the database answers and the access trail can be written (docs/operations.md).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node directly (not npm) so SIGTERM from `docker stop` reaches the app and it shuts down cleanly; the
# same command and Node flags as `npm start` (package.json; test/start-command.test.ts keeps them equal).
CMD ["node", "--max-semi-space-size=32", "--import", "tsx", "server/src/main.ts"]
