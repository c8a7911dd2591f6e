# One image for the five Atelier apps; docker-compose.yml chooses the app by its command,
# e.g. `node dist/apps/orders/src/main.js`.

FROM node:24-bookworm AS build
WORKDIR /app
# Dependencies first, so a source change does not re-run npm ci.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production
# As tools/environment.mjs appNodeFlags and appProcessEnvironment: Node 24's young generation sized for a small
# service, not for the host's memory, and two malloc arenas. V8's --heap-growing-percent is not allowed in
# NODE_OPTIONS: the compose files pass it on each app's command line.
ENV NODE_OPTIONS=--max-semi-space-size=8 MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
CMD ["node", "dist/apps/gateway/src/main.js"]
