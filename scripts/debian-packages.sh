#!/usr/bin/env bash
# Source this for `need_debian_packages FILE PACKAGE...`: installs the packages from Debian's archive
# unless FILE (something they provide) is already there. The test services come from here, never by hand.
need_debian_packages() {
  local provides=$1; shift
  compgen -G "$provides" >/dev/null && return 0
  echo "[setup] Installing $* from Debian's packages"
  if [ "$(id -u)" != 0 ]; then
    echo "[setup] Installing $* needs root (apt-get); run as root or install them first." >&2
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "$@" >/dev/null
}
