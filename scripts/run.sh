#!/bin/sh
# npm run synth|check|plan: `node scripts/run.js <entry.ts> [args...]`, started from the startup
# snapshot of npm's prepare (.build/<entry>.blob, see scripts/warm-up.js) when the node binary on
# the PATH is the one that built it and NODE_OPTIONS holds no more than preloads (--require,
# --import: debuggers and profilers set them). Node refuses a snapshot of another binary or with
# other V8 flags (it exits 14), so in any doubt the run starts the usual way. scripts/run.js itself
# checks that the snapshot holds the current bundle of this folder.
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
blob="$here/../.build/${1%.ts}.blob"

# True when NODE_OPTIONS is empty or only preloads: nothing in it can change V8's flags.
preloads_only() {
  set -f
  # shellcheck disable=SC2086 # split on purpose: a quoted path with spaces makes a word that is refused
  set -- ${NODE_OPTIONS-}
  while [ $# -gt 0 ]; do
    case $1 in
      --require|-r|--import) [ $# -ge 2 ] || return 1; shift 2 ;;
      --require=*|--import=*) shift ;;
      *) return 1 ;;
    esac
  done
}

# Whether this run is one the snapshot speeds up. It holds the code that loads, checks and renders
# clusters, and starting from it costs about 40 ms more than starting from the bundle: worth it for
# check, plan and a synth that renders, not for a synth that finds its clusters unchanged in the
# render cache (src/app/main.ts loads none of that code then). So a synth starts from it only with
# --no-cache, or while the render cache folder does not exist yet (the first synth after npm ci).
needs_render_code() {
  [ "${2-}" = synth ] || return 0
  for arg in "$@"; do [ "$arg" = --no-cache ] && return 0; done
  [ ! -d "${CALICO_STACK_CACHE_DIR:-$here/../.build/render-cache}" ]
}

if needs_render_code "$@" && preloads_only && [ -f "$blob" ] && [ -f "$blob.node" ] && node=$(command -v node); then
  IFS= read -r built < "$blob.node"
  now=$(stat -L -c '%d %i %s %Z' "$node" 2>/dev/null || stat -L -f '%d %i %z %c' "$node" 2>/dev/null)
  if [ -n "$now" ] && [ "$now" = "$built" ]; then
    exec node --snapshot-blob "$blob" "$here/run.js" "$@"
  fi
fi
exec node "$here/run.js" "$@"
