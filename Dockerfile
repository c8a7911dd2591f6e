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
# As tools/environment.mjs appNodeFlags: Node 24's young generation sized for a small service, not for the host's memory.
ENV NODE_OPTIONS=--max-semi-space-size=8
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
CMD ["node", "dist/apps/gateway/src/main.js"]
