#!/usr/bin/env bash
# Installs Debian's chromium for the viewer's end-to-end tests (infra.md
# section d). playwright-core drives it through executablePath; never run
# `npx playwright install`, which downloads a browser from the internet.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  /usr/bin/chromium --version
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version
