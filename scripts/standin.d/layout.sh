# shellcheck shell=bash
# Reproducible OCI layouts and pushing them into the stand-in; sourced by standin.d/seed and scripts/bench.
# The caller sets: STATE, LAYOUT (the layout directory), WORK (a scratch directory), AUTHORITY (REGISTRY_HOST[:PORT]),
# and, for registry_tags, REGISTRY_PORT, USERNAME and PASSWORD. LAYER_GZIP is the compressor (default gzip -n -6).

# Talks to the registry itself on loopback, so the check needs neither TLS nor name resolution.
registry_tags() {
  curl -fsS --config - "http://127.0.0.1:$REGISTRY_PORT/v2/$1/tags/list" <<<"user = \"$USERNAME:$PASSWORD\"" |
    jq -r '.tags // [] | .[]'
}

blob() { # file -> moves it into the layout, prints "sha256:<hex> <size>"
  local hex size
  hex=$(sha256sum "$1" | cut -c1-64)
  size=$(stat -c %s "$1")
  mv "$1" "$LAYOUT/blobs/sha256/$hex"
  echo "sha256:$hex $size"
}

layer() { # rootfs dir; prints "<diff_id> <digest> <size>"
  local root=$1 tar=$WORK/layer.tar diff
  # Fixed order, times and owners, and PAX headers without per-run names, so digests never change.
  (cd "$root" && find . -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort) >"$WORK/list"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    -C "$root" -cf "$tar" -T "$WORK/list"
  diff=sha256:$(sha256sum "$tar" | cut -c1-64)
  ${LAYER_GZIP:-gzip -n -6} <"$tar" >"$tar.gz"
  rm -f "$tar"
  echo "$diff $(blob "$tar.gz")"
}

push() { # layout ref, repository:tag, skopeo options...
  local src=$1 dest=$2
  shift 2
  skopeo copy --quiet --retry-times 2 --dest-cert-dir "$STATE/tls/ca" \
    --dest-authfile "$STATE/docker-config/config.json" "$@" "oci:$LAYOUT:$src" "docker://$AUTHORITY/$dest"
}
