#!/usr/bin/env bash
# Builds the real EKS Pod Identity Agent from each source archive in ../shared/upstream (or the ones named:
# v0.1.37, 2b8e78c) into .cache/agent/<source>/eks-pod-identity-agent, for the tests that run the agent.
# Go's module and build caches stay under the ignored .cache/go, so later runs build in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
upstream=../shared/upstream
export GOPATH="$PWD/.cache/go/path" GOMODCACHE="$PWD/.cache/go/mod" GOCACHE="$PWD/.cache/go/build"
sources=("$@")
[ ${#sources[@]} -gt 0 ] || sources=(v0.1.37 2b8e78c)
for source in "${sources[@]}"; do
  out=".cache/agent/$source"
  if [ -x "$out/eks-pod-identity-agent" ]; then echo "$out/eks-pod-identity-agent (built before)"; continue; fi
  bash "$upstream/build-agent.sh" "$upstream/eks-pod-identity-agent/$source.tar.gz" "$out"
done
