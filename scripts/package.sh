#!/usr/bin/env bash
# `npm run package`: the packages users install, built by jsii-pacmak from the compiled library into dist/:
#   dist/js      the npm tarball
#   dist/python  the wheel and the sdist
#   dist/java    a Maven repository folder: the jar with its pom, sources and javadoc
#   dist/go      the Go module, compiled with `go build` against aws-cdk-go to prove it builds
#   dist/dotnet  the NuGet package where the .NET SDK is installed, otherwise the C# sources only (said below)
# `npm run package -- --ci` (what .ci/run does) builds the same, but only generates the Go module: compiling it
# downloads aws-cdk-go (about 350 MB) and CI's checks are on the npm, Python and Java packages.
set -euo pipefail
cd "$(dirname "$0")/.."

compile_go=true
if [[ "${1:-}" == "--ci" ]]; then compile_go=false; fi

# Downloads go to the repository's ignored .cache folder, so that later runs reuse them.
export PIP_CACHE_DIR="$PWD/.cache/pip"
export GOMODCACHE="$PWD/.cache/go/mod" GOCACHE="$PWD/.cache/go/build"
# package.json `files` is the npm allowlist: jsii-pacmak must not add an .npmignore beside it.
pacmak=(npx jsii-pacmak --npmignore false --maven-local-repository .cache/m2/repository)

# jsii-pacmak packages the compiled library (.jsii and lib/**/*.js): build it every time, so that a package
# never holds JavaScript older than the sources (the comparison in test/langs synthesizes TypeScript from them).
npm run build

rm -rf dist
echo "== npm tarball, Python wheel and sdist, Java jar"
"${pacmak[@]}" --targets js python java

echo "== Go module"
"${pacmak[@]}" --code-only --targets go
# jsii-pacmak also pins, as '// indirect', the Go twin of every module in aws-cdk-lib's npm dependency closure.
# Some of those versions have no Go release (npm @aws-cdk/cloud-assembly-schema 53.28.0: the module proxy has no
# cloud-assembly-schema-go v53.28.0), and a pin that does not exist breaks `go mod tidy` for every user. The direct
# requirements are enough: Go takes the rest from aws-cdk-go's own go.mod.
sed -i '/\/\/ indirect$/d' dist/go/cdkekspodidentity/go.mod
if $compile_go; then
  scratch=$(mktemp -d)
  cp -r dist/go/cdkekspodidentity "$scratch/"
  (cd "$scratch/cdkekspodidentity" && go mod tidy && go build ./...)
  rm -rf "$scratch"
  echo "dist/go/cdkekspodidentity compiles (go build ./...)"
else
  echo "dist/go/cdkekspodidentity generated (not compiled: --ci)"
fi

echo "== .NET"
if command -v dotnet >/dev/null; then
  "${pacmak[@]}" --targets dotnet
else
  echo "No .NET SDK (dotnet) on this machine: generating the C# sources in dist/dotnet without building the NuGet package."
  "${pacmak[@]}" --code-only --targets dotnet
fi

echo "== dist/"
find dist -maxdepth 1 -mindepth 1 | sort
find dist/js dist/python -type f | sort
find dist/java -name '*.jar' | sort
