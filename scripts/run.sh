#!/bin/sh
# npm run synth|check|plan: `node scripts/run.js <entry.ts> [args...]`, started from the startup
# snapshot of npm's prepare (.build/<entry>.blob, see scripts/warm-up.js) when the node binary on
# the PATH is the one that built it and NODE_OPTIONS is empty. Node refuses a snapshot of another
# binary or one built with other V8 flags (it exits 14), so in any doubt the run starts the usual
# way. scripts/run.js itself checks that the snapshot holds the current bundle of this folder.
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
blob="$here/../.build/${1%.ts}.blob"
if [ -z "${NODE_OPTIONS-}" ] && [ -f "$blob" ] && [ -f "$blob.node" ] && node=$(command -v node); then
  IFS= read -r built < "$blob.node"
  now=$(stat -L -c '%d %i %s %Z' "$node" 2>/dev/null || stat -L -f '%d %i %z %c' "$node" 2>/dev/null)
  if [ -n "$now" ] && [ "$now" = "$built" ]; then
    exec node --snapshot-blob "$blob" "$here/run.js" "$@"
  fi
fi
exec node "$here/run.js" "$@"
