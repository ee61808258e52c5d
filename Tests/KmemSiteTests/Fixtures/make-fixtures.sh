#!/usr/bin/env bash
# Broken template folders, each a copy of the templates (the .mustache files only: assets play
# no part in these errors) with one error. Run from this folder.
set -euo pipefail
T=../../../templates
rm -rf templates-broken && mkdir templates-broken
mk() { mkdir -p "templates-broken/$1/partials"; cp "$T"/*.mustache "templates-broken/$1/"; cp "$T"/partials/*.mustache "templates-broken/$1/partials/"; }
mk missing-partial;   sed -i 's/{{> partials\/header}}/{{> partials\/headerr}}/' templates-broken/missing-partial/page.mustache
mk unknown-variable;  sed -i 's/{{siteTitle}}/{{siteTitel}}/' templates-broken/unknown-variable/home.mustache
mk parse-error;       sed -i 's/{{\/hasSources}}/{{\/hasSourcez}}/' templates-broken/parse-error/page.mustache
mk missing-template;  rm templates-broken/missing-template/search.mustache
