# syntax=docker/dockerfile:1
# The production image: the tested bundle (`pnpm bundle DIR`, see README.md) on a slim Node,
# run as the unprivileged `node` user. Not built in this repository's CI; build it with
#   docker build -t refattaches .
# Both stages use the same Node image, so the SQLite driver's native binary installed in the
# first matches the Node and C library of the second (better-sqlite3 13 on Node 22 and later,
# 12 on Node 20; see apps/server/src/store/better-sqlite3.ts).
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
# pnpm install runs better-sqlite3 12's install script (13 carries its binaries in its package):
# prebuild-install downloads a prebuilt binary for this Node, and when none can be had, node-gyp
# compiles one with python3, make and g++.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
RUN npm install -g pnpm@10
WORKDIR /src
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm bundle /bundle

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=3000 \
  DATABASE_URL=sqlite:/data/refattaches.sqlite
WORKDIR /app
# Owned by root: the server (user node) can read its code and modules but not change them. It
# writes its database to /data, the one folder given to it.
COPY --from=build /bundle /app
RUN mkdir /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
# Readiness: a database round trip (GET /ready). The image has no curl; node has fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Keys: mount a file and set OD_API_KEYS_FILE (e.g. a secret at /run/secrets/od_api_keys).
CMD ["node", "dist/main.js"]
