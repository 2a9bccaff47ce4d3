#!/usr/bin/env bash
# Checks docker/ without a Docker engine:
#   1. both compose files are valid (`compose config`), with AUTH_JWT_SECRET set, and refused
#      without it;
#   2. the Dockerfile copies only files that exist and that .dockerignore lets into the context,
#      and runs the same commands as package.json (npm ci, npm run build, start, start:projector).
# It never builds the image nor starts a container.
#
# Needs a compose client: the Docker CLI's `docker compose` plugin, or Debian's `docker-compose`
# (apt-get install -y --no-install-recommends docker-compose; the recommended docker.io engine is
# not needed).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "docker/validate.sh: $*" >&2
  exit 1
}

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
else
  fail "no compose client found: install the Docker CLI's compose plugin or Debian's docker-compose
  (apt-get install -y --no-install-recommends docker-compose)"
fi
echo "compose client: $("${compose[@]}" version | head -n 1)"

# A placeholder for the check only, never used to sign anything. An empty --env-file keeps a local
# docker/.env out of the check, so that it gives the same answer everywhere.
placeholder_secret=validate-only-placeholder-not-a-secret
no_env_file=$(mktemp)
trap 'rm -f "$no_env_file"' EXIT
for file in docker/docker-compose.yml docker/docker-compose.cluster.yml; do
  AUTH_JWT_SECRET=$placeholder_secret "${compose[@]}" --env-file "$no_env_file" -f "$file" config -q ||
    fail "$file: compose config failed"
  if env -u AUTH_JWT_SECRET "${compose[@]}" --env-file "$no_env_file" -f "$file" config -q >/dev/null 2>&1; then
    fail "$file: accepted a configuration without AUTH_JWT_SECRET"
  fi
  echo "ok: $file"
done

dockerfile=docker/Dockerfile
[[ -f $dockerfile ]] || fail "$dockerfile is missing"
[[ -f .dockerignore ]] || fail ".dockerignore is missing at the repository root (the build context)"

# Every COPY from the context (not --from=stage) names files that exist and are let in.
while read -r -a words; do
  sources=()
  for word in "${words[@]:1}"; do
    [[ $word == --* ]] && continue
    sources+=("$word")
  done
  unset 'sources[${#sources[@]}-1]' # the last word is the destination
  for source in "${sources[@]}"; do
    [[ -e $source ]] || fail "$dockerfile: COPY $source: no such file in the repository"
    grep -qxF -e "!${source%/}" -e "!${source%/}/" .dockerignore || fail "$dockerfile: COPY $source: excluded by .dockerignore"
  done
done < <(grep -E '^COPY ' "$dockerfile" | grep -v -- '--from=')

# The commands are package.json's own. exec_form "start" prints ["node", "dist/..."].
exec_form() {
  node -p "JSON.stringify(require('./package.json').scripts['$1'].trim().split(/ +/)).replace(/\",\"/g, '\", \"')"
}
[[ $(node -p "require('./package.json').scripts.build") == *tsc* ]] ||
  fail "package.json's build script no longer runs tsc"
grep -qE '^RUN npm ci( |$)' "$dockerfile" || fail "$dockerfile does not run npm ci"
grep -qE '^RUN npm run build( |$)' "$dockerfile" || fail "$dockerfile does not run npm run build"
api_cmd=$(exec_form start)
grep -qxF "CMD $api_cmd" "$dockerfile" || fail "$dockerfile: CMD is not $api_cmd (npm start)"
projector_cmd=$(exec_form start:projector)
dq='"' sq="'"
for file in docker/docker-compose.yml docker/docker-compose.cluster.yml; do
  # Prettier writes the compose files with single quotes.
  grep -qF "command: ${projector_cmd//$dq/$sq}" "$file" ||
    fail "$file: the projector's command is not $projector_cmd (npm run start:projector)"
done
echo "ok: $dockerfile (COPY sources, npm ci, npm run build, CMD = npm start, projector = npm run start:projector)"
echo "Not checked here: building the image and running the containers (no Docker engine)."
