#!/bin/sh
# Entrypoint of firedrill's node:20-slim image (ci/images/node), as the official image's: a first argument that
# is an option (-e ...) or not a command (app.js) is run with node; a command is exec'd as given.
set -e

if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}" 2>/dev/null)" ]; then
  set -- node "$@"
fi

exec "$@"
