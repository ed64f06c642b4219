#!/usr/bin/env bash
# Builds, from Debian packages only, the container images the containers backend uses, tagged with the names of
# the official images they stand in for (for machines and CI runners that reach no container registry):
#
#   debian:trixie-slim       debootstrap --variant=minbase trixie, slimmed as the official slim image
#   postgres:17              postgresql-17, with an entrypoint that behaves as the official image's
#   redis:8                  redis-server, reachable from other containers (protected mode off)
#   eclipse-temurin:21-jre   openjdk-21-jre-headless
#   softwaremill/elasticmq   ElasticMQ 1.7.1 (tags 1.7.1 and latest), its jars from Maven Central
#   node:20-slim             nodejs
#
# Usage: build-images.sh [--only NAME]... [--force] [--verbose] [--pull] [-h|--help]
#   --only NAME   build only NAME (a directory of ci/images, or one of its tags) and the images it is built FROM
#   --force       rebuild even if up to date (with --only: the NAMEs only), reusing no Docker layer and debootstrapping
#                 debian:trixie-slim again
#   --verbose     show the build output (otherwise it goes to $FIREDRILL_IMAGE_CACHE/logs/NAME.log)
#   --pull        pull the official images instead of building equivalents (where a registry is reachable)
#
# Dockerfiles and entrypoints: ci/images/NAME/. Nothing is pulled from a registry: every FROM names an image this
# script built before (docker build --pull=false). Each image carries the label dev.firedrill.image-hash, a
# SHA-256 of its recipe (files, tags, the parent's hash); an image whose label matches is "up to date" and
# skipped. The debootstrapped root file system is cached as a tarball in
# ${FIREDRILL_IMAGE_CACHE:-$HOME/.cache/firedrill/images}, so it is made once per machine.
#
# Needs a Docker engine (ci/scripts/docker-engine.sh is run first), network access to deb.debian.org
# (the builds run apt-get) and, for ElasticMQ, Maven (mvn) reaching Maven Central. As root with apt-get, a missing
# debootstrap or maven is installed. Exit codes: 0 every image built or up to date, 1 a build failed, 2 usage.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
IMAGES="$ROOT/ci/images"
CACHE="${FIREDRILL_IMAGE_CACHE:-$HOME/.cache/firedrill/images}"
LABEL=dev.firedrill.image-hash
# Part of every image's hash. Bump it when a change to this script changes what it builds (build_debian's steps,
# build_dockerfile's docker build options, collect_elasticmq_jars): the hash covers the files of ci/images, not
# this script's code, so that editing the script otherwise (options, messages) rebuilds nothing.
RECIPE_VERSION=2

SUITE=trixie
MIRROR=http://deb.debian.org/debian
VARIANT=minbase
DEFAULT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# In build order: parents first.
NAMES=(debian postgres redis eclipse-temurin elasticmq node)
declare -A TAGS=(
  [debian]="debian:trixie-slim"
  [postgres]="postgres:17"
  [redis]="redis:8"
  [eclipse-temurin]="eclipse-temurin:21-jre"
  [elasticmq]="softwaremill/elasticmq:1.7.1 softwaremill/elasticmq:latest"
  [node]="node:20-slim"
)
declare -A PARENT=(
  [debian]=""
  [postgres]=debian
  [redis]=debian
  [eclipse-temurin]=debian
  [elasticmq]=eclipse-temurin
  [node]=debian
)
declare -A HASH=()

usage() {
  # The header comment, without its '# '.
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"
}

CURRENT_LOG= # the log of the image being built, shown when a step fails
die() {
  echo "build-images.sh: $*" >&2
  if [[ -n "$CURRENT_LOG" && -s "$CURRENT_LOG" ]]; then
    echo "build-images.sh: the last lines of $CURRENT_LOG:" >&2
    tail -n 25 "$CURRENT_LOG" >&2 || true
  fi
  exit 1
}

usage_error() {
  echo "build-images.sh: $*" >&2
  echo "usage: build-images.sh [--only NAME]... [--force] [--verbose] [--pull] [-h|--help]" >&2
  exit 2
}

progress() { echo "==> $*"; }

# ---------------------------------------------------------------------------------------------------------------
# Options

only=()
force=false
verbose=false
pull=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help)
      usage
      exit 0
      ;;
    --only)
      [[ $# -ge 2 ]] || usage_error "--only needs a NAME"
      only+=("$2")
      shift 2
      ;;
    --only=*)
      only+=("${1#--only=}")
      shift
      ;;
    --force)
      force=true
      shift
      ;;
    --verbose)
      verbose=true
      shift
      ;;
    --pull)
      pull=true
      shift
      ;;
    *) usage_error "unknown argument '$1'" ;;
  esac
done

# NAME of an image directory, given that name or one of its tags.
resolve_name() {
  local want=$1 name tag
  for name in "${NAMES[@]}"; do
    [[ "$want" == "$name" ]] && { echo "$name"; return 0; }
    for tag in ${TAGS[$name]}; do
      [[ "$want" == "$tag" ]] && { echo "$name"; return 0; }
    done
  done
  return 1
}

# WANTED: the images to build or check; FORCED: those --force rebuilds (with --only, the named ones, not the
# images they are built FROM, which are only brought up to date).
declare -A WANTED=() FORCED=()
if [[ ${#only[@]} -eq 0 ]]; then
  for name in "${NAMES[@]}"; do
    WANTED[$name]=1
    FORCED[$name]=$force
  done
else
  for want in "${only[@]}"; do
    name=$(resolve_name "$want") || usage_error "unknown image '$want' (one of: ${NAMES[*]})"
    FORCED[$name]=$force
    while [[ -n "$name" ]]; do # the image and every image it is built FROM
      WANTED[$name]=1
      name=${PARENT[$name]}
    done
  done
fi

# ---------------------------------------------------------------------------------------------------------------
# Temporary directories, removed on exit (a root file system only once nothing is mounted in it any more).

TMP_DIRS=()
TAILER=
cleanup() {
  local dir mnt
  if [[ -n "$TAILER" ]]; then
    kill "$TAILER" 2>/dev/null || true
  fi
  for dir in "${TMP_DIRS[@]}"; do
    [[ -d "$dir" ]] || continue
    # Mount points below $dir, deepest first.
    while read -r mnt; do
      umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true
    done < <(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r)
    if awk -v d="$dir/" 'index($2, d) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
      echo "build-images.sh: left $dir in place: something is still mounted below it" >&2
    else
      rm -rf --one-file-system "$dir"
    fi
  done
}
trap cleanup EXIT

# make_tmp_dir NAME: a new directory in $TMP_DIR, removed on exit. Not in a $(...) subshell: it must be
# recorded in this shell's TMP_DIRS.
TMP_DIR=
make_tmp_dir() {
  TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/firedrill-$1.XXXXXX")
  TMP_DIRS+=("$TMP_DIR")
}

# ---------------------------------------------------------------------------------------------------------------
# Host tools

# apt-get install, quiet and non-interactive; refreshes the package lists only when there are none or when the
# first attempt fails. For tools this script needs on the host (as root only).
apt_install() {
  local apt_log="$CACHE/logs/apt.log"
  local -a install=(apt-get install -y -q -o Dpkg::Use-Pty=0 "$@")
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    apt-get update -q >>"$apt_log" 2>&1 || die "apt-get update failed; see $apt_log"
  fi
  if ! "${install[@]}" >>"$apt_log" 2>&1; then
    apt-get update -q >>"$apt_log" 2>&1 || die "apt-get update failed; see $apt_log"
    "${install[@]}" >>"$apt_log" 2>&1 || die "apt-get install $* failed; see $apt_log"
  fi
}

# need COMMAND PACKAGE WHY: installs PACKAGE when COMMAND is missing and we may (root, apt-get), else fails.
need() {
  local cmd=$1 pkg=$2 why=$3
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    progress "installing the Debian package $pkg on the host ($why)"
    apt_install "$pkg"
    command -v "$cmd" >/dev/null 2>&1 || die "installed $pkg, but $cmd is still not on PATH"
  else
    die "$cmd is missing ($why); install the package $pkg, or run this script as root on a machine with apt-get"
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Recipes

# debian: debootstrap a minimal trixie, configure and slim it as the official slim image, cache it as a tarball,
# import that. $1 = hash, $2 = log.
build_debian() {
  local hash=$1 log=$2 tarball rootfs
  tarball="$CACHE/debian-$SUITE-slim-${hash:0:16}.tar"
  if [[ -s "$tarball" && "${FORCED[debian]:-false}" == false ]]; then
    progress "debian:$SUITE-slim: importing the cached root file system $tarball"
  else
    [[ $(id -u) -eq 0 ]] || die "debootstrap needs root (or a cached $tarball)"
    need debootstrap debootstrap "to build debian:$SUITE-slim"
    need chroot coreutils "to configure the debootstrapped system"
    make_tmp_dir rootfs
    rootfs=$TMP_DIR
    progress "debian:$SUITE-slim: debootstrap --variant=$VARIANT $SUITE $MIRROR (log: $log)"
    debootstrap --variant="$VARIANT" "$SUITE" "$rootfs" "$MIRROR" >>"$log" 2>&1 \
      || die "debootstrap failed; see $log (and $rootfs/debootstrap/debootstrap.log if it is there)"

    # The official image's apt and dpkg configuration (no caches, no translations, no docs), with the
    # security and updates suites.
    rm -f "$rootfs/etc/apt/sources.list"
    cp -a "$IMAGES/debian/rootfs/." "$rootfs/"

    # Security updates published after the point release debootstrap installed.
    mount -t proc proc "$rootfs/proc"
    {
      chroot "$rootfs" apt-get update -q
      chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0 upgrade
      chroot "$rootfs" apt-get clean
    } >>"$log" 2>&1 || { umount "$rootfs/proc"; die "apt-get upgrade in the new root file system failed; see $log"; }
    umount "$rootfs/proc"

    # Slim: what dpkg.cfg.d/docker now keeps out of every later install, out of what debootstrap installed too.
    find "$rootfs/usr/share/doc" -mindepth 1 \( -type f -o -type l \) ! -name copyright -delete
    find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
    local d
    for d in groff info linda lintian locale man; do
      if [[ -d "$rootfs/usr/share/$d" ]]; then
        find "$rootfs/usr/share/$d" -mindepth 1 -delete
      fi
    done

    # Nothing of the build machine or of the build itself: Docker provides hostname, hosts and resolv.conf.
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
      "$rootfs"/var/cache/apt/archives/partial/* "$rootfs"/var/log/apt/* "$rootfs"/var/log/*.log \
      "$rootfs"/var/cache/debconf/*-old "$rootfs"/var/lib/dpkg/*-old "$rootfs"/tmp/* "$rootfs"/root/.bash_history \
      "$rootfs"/var/cache/ldconfig/aux-cache
    mkdir -p "$rootfs/var/lib/apt/lists/partial"
    : >"$rootfs/etc/hostname"
    : >"$rootfs/etc/resolv.conf"
    printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$rootfs/etc/hosts"
    if [[ -e "$rootfs/etc/machine-id" ]]; then
      : >"$rootfs/etc/machine-id"
    fi

    mkdir -p "$CACHE"
    tar --numeric-owner --xattrs --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
      -C "$rootfs" -cf "$tarball.part" . 2>>"$log" || die "tar of the root file system failed; see $log"
    mv "$tarball.part" "$tarball"
    # Other recipes' tarballs: the two most recent stay (another checkout on this machine may still use one).
    local old
    while read -r old; do
      rm -f "$old"
    done < <(find "$CACHE" -maxdepth 1 -name "debian-$SUITE-slim-*.tar" ! -path "$tarball" -printf '%T@ %p\n' \
      | sort -rn | tail -n +3 | cut -d' ' -f2-)
  fi
  docker import \
    --change 'CMD ["bash"]' \
    --change "ENV PATH=$DEFAULT_PATH" \
    --change "LABEL $LABEL=$hash" \
    - "debian:$SUITE-slim" <"$tarball" >>"$log" 2>&1 || die "docker import failed; see $log"
}

# elasticmq: the build context holds, next to the Dockerfile, lib/ with elasticmq-server and its dependencies
# as Maven resolves them from Central (ci/images/elasticmq/pom.xml). $1 = context, $2 = log.
collect_elasticmq_jars() {
  local ctx=$1 log=$2
  need mvn maven "to collect the ElasticMQ jars from Maven Central"
  progress "softwaremill/elasticmq: collecting elasticmq-server and its dependencies with Maven"
  mvn -B -q -f "$ctx/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$ctx/lib" \
    >>"$log" 2>&1 || die "Maven could not collect the ElasticMQ jars; see $log"
  compgen -G "$ctx/lib/elasticmq-server_*.jar" >/dev/null || die "Maven collected no elasticmq-server jar; see $log"
}

# Every other image: docker build of ci/images/NAME. $1 = name, $2 = hash, $3 = log.
build_dockerfile() {
  local name=$1 hash=$2 log=$3 ctx="$IMAGES/$1" tag parent
  local -a args=(build --pull=false --label "$LABEL=$hash")
  for tag in ${TAGS[$name]}; do args+=(-t "$tag"); done
  # --force: no layer from an earlier build either (apt-get runs again and gets what the mirror has now).
  if [[ "${FORCED[$name]:-false}" == true ]]; then
    args+=(--no-cache)
  fi
  # No pulling, ever: the parent must be here (the legacy builder pulls a FROM image it does not find).
  for parent in ${TAGS[${PARENT[$name]}]}; do
    docker image inspect "$parent" >/dev/null 2>&1 || die "$name is built FROM $parent, which is not here"
  done
  if [[ "$name" == elasticmq ]]; then
    make_tmp_dir elasticmq
    ctx=$TMP_DIR
    cp -a "$IMAGES/elasticmq/." "$ctx/"
    collect_elasticmq_jars "$ctx" "$log"
  fi
  docker "${args[@]}" "$ctx" >>"$log" 2>&1 || die "docker build of $name failed; see $log"
}

# The recipe's hash: its files (contents, names, executable bits), its tags, its parent's hash, the recipe
# version and, for debian, what debootstrap is given.
recipe_hash() {
  local name=$1 parent=${PARENT[$1]}
  {
    echo "recipe $RECIPE_VERSION"
    echo "tags ${TAGS[$name]}"
    [[ -z "$parent" ]] || echo "parent ${HASH[$parent]}"
    (
      cd "$IMAGES/$name"
      find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
      find . -type f -perm -u+x | LC_ALL=C sort | sed 's/^/executable /'
    )
    if [[ "$name" == debian ]]; then
      echo "debootstrap $SUITE $VARIANT $MIRROR, PATH $DEFAULT_PATH"
    fi
  } | sha256sum | cut -d' ' -f1
}

# True when every tag of NAME is here with label HASH.
up_to_date() {
  local name=$1 hash=$2 tag have
  for tag in ${TAGS[$name]}; do
    have=$(docker image inspect --format "{{ index .Config.Labels \"$LABEL\" }}" "$tag" 2>/dev/null) || return 1
    [[ "$have" == "$hash" ]] || return 1
  done
}

# ---------------------------------------------------------------------------------------------------------------
# Main

"$ROOT/ci/scripts/docker-engine.sh" || die "no Docker engine (see above)"
mkdir -p "$CACHE/logs"

if [[ "$pull" == true ]]; then
  # Where a registry is reachable (GitHub's runners), the official images themselves, not equivalents.
  start=$SECONDS
  for name in "${NAMES[@]}"; do
    [[ -n "${WANTED[$name]:-}" ]] || continue
    for tag in ${TAGS[$name]}; do
      t0=$SECONDS
      docker pull -q "$tag" >/dev/null || die "docker pull $tag failed"
      progress "$tag: pulled ($((SECONDS - t0)) s)"
    done
  done
  progress "done in $((SECONDS - start)) s"
  exit 0
fi

start=$SECONDS
built=0
REPLACED=()
for name in "${NAMES[@]}"; do
  HASH[$name]=$(recipe_hash "$name")
  [[ -n "${WANTED[$name]:-}" ]] || continue
  label="${TAGS[$name]// /, }"
  t0=$SECONDS
  if [[ "${FORCED[$name]:-false}" == false ]] && up_to_date "$name" "${HASH[$name]}"; then
    progress "$label: up to date ($((SECONDS - t0)) s)"
    continue
  fi
  # The image this build replaces, removed below once nothing uses it any more.
  old_id=$(docker image inspect --format '{{.Id}}' "${TAGS[$name]%% *}" 2>/dev/null || true)
  log="$CACHE/logs/$name.log"
  : >"$log"
  CURRENT_LOG=$log
  progress "$label: building (log: $log)"
  if [[ "$verbose" == true ]]; then
    tail -n +1 -f "$log" &
    TAILER=$!
  fi
  if [[ "$name" == debian ]]; then
    build_debian "${HASH[$name]}" "$log"
  else
    build_dockerfile "$name" "${HASH[$name]}" "$log"
  fi
  if [[ -n "$TAILER" ]]; then
    kill "$TAILER" 2>/dev/null || true
    wait "$TAILER" 2>/dev/null || true
    TAILER=
  fi
  CURRENT_LOG=
  size=$(docker image inspect --format '{{.Size}}' "${TAGS[$name]%% *}" 2>/dev/null || echo 0)
  progress "$label: built in $((SECONDS - t0)) s ($((size / 1000000)) MB)"
  built=$((built + 1))
  new_id=$(docker image inspect --format '{{.Id}}' "${TAGS[$name]%% *}" 2>/dev/null || true)
  if [[ -n "$old_id" && "$old_id" != "$new_id" ]]; then
    REPLACED=("$old_id" "${REPLACED[@]}")
  fi
done

# Replaced images, children first: docker refuses (and we ignore) any still tagged, used by a container, or the
# parent of an image that stays.
for id in "${REPLACED[@]}"; do
  docker image rm "$id" >/dev/null 2>&1 || true
done
progress "done in $((SECONDS - start)) s ($built built, the others up to date)"
