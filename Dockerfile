# syntax=docker/dockerfile:1
# analytics-gateway: build with dev dependencies, run with production dependencies only.
#   docker build -t analytics-gateway .
#   docker run --rm -p 4000:4000 analytics-gateway            # demo mode (built-in simulated backends)
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: nothing the build needs runs one (esbuild finds its platform binary package
# without its postinstall), and skipping them keeps the build from running third-party code.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
COPY graphiql ./graphiql
COPY dashboard ./dashboard
# tsc → dist/src (the server, with each src/**/*.graphql copied beside its module), vite →
# dist/graphiql (the GraphiQL bundle the server serves).
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
# What the running server reads: dist/src (code and its SDL files), dist/graphiql (bundle, found
# next to package.json). Owned by root, so the app cannot change them.
COPY --from=build /app/dist ./dist
# The image's "node" user, numerically, so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 4000
# The slim image has no curl; Node 20's fetch does the same job.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node as PID 1 is fine here: the gateway handles SIGTERM/SIGINT itself (drains, then exits).
# A larger young generation: big answers die young instead of being promoted (see README, performance).
CMD ["node", "--max-semi-space-size=32", "dist/src/index.js"]
