#!/usr/bin/env bash
# Installs Debian's buildah (and crun) for the image test: with the vfs
# storage driver and chroot isolation it builds and runs images on a machine
# with no container engine and no registry (test/it/package/image.test.ts).
set -euo pipefail
if [ -x /usr/bin/buildah ] && [ -x /usr/bin/crun ]; then
  /usr/bin/buildah --version
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends buildah crun
/usr/bin/buildah --version
