#!/usr/bin/env bash
# Installs the Debian packages that Podpis' tests and interop checks need.
# Idempotent: installs only what is missing; runs `apt-get update` once, only
# when something has to be installed. Prints what it installed.
set -euo pipefail

PACKAGES=(
  postgresql            # real PostgreSQL server for the repository tests
  libengine-gost-openssl # OpenSSL GOST engine: the interop oracle for GOST
  openssl
  softhsm2              # PKCS#11 token for the key-store tests
  opensc                # pkcs11-tool, to inspect tokens
  slapd                 # real LDAP server for directory pre-fill tests
  ldap-utils
  chromium              # real browser for the web UI tests
  libnss3-tools         # pk12util: client certificates into a Chromium profile's NSS store (bench:office-load)
  fonts-dejavu-core     # Cyrillic font for PDF forms
  poppler-utils         # pdftotext / pdftoppm / pdfsig to check PDF forms and signatures
  qpdf                  # qpdf --check and xref-stream variants of signed PDFs
  xmlsec1               # independent checker for XMLDSig / XAdES (RSA, ECDSA)
  libxml2-utils         # xmllint: a second canonicaliser for the GOST XMLDSig checks
  haproxy               # load balancer in front of the nodes (deploy/, npm run test:ha)
  patroni               # PostgreSQL failover manager (deploy/, npm run test:ha)
  etcd-server           # Patroni's distributed configuration store
  etcd-client           # etcdctl, to inspect it
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi

echo "system deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# slapd asks for an admin password when configured interactively; the tests
# run their own slapd instance, so the system one is left unconfigured.
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a cluster and slapd on install; the tests start their own
# throwaway servers, so the system services are not needed.
if command -v service >/dev/null 2>&1; then
  service postgresql stop >/dev/null 2>&1 || true
  service slapd stop >/dev/null 2>&1 || true
  service haproxy stop >/dev/null 2>&1 || true
  service patroni stop >/dev/null 2>&1 || true
  service etcd stop >/dev/null 2>&1 || true
fi
# Nor at boot: the HA tests and deploy/ run their own instances with their own configs.
if command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now haproxy patroni etcd >/dev/null 2>&1 || true
fi
echo "system deps: installed ${missing[*]}"
