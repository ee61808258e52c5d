#!/usr/bin/env bash
# Broken template folders, each a copy of templates/ with one error. Run from this folder.
set -euo pipefail
T=../../../templates
rm -rf templates-broken && mkdir templates-broken
mk() { cp -r "$T" "templates-broken/$1"; }
mk missing-partial;   sed -i 's/{{> partials\/sidebar}}/{{> partials\/sidebarr}}/' templates-broken/missing-partial/page.mustache
mk unknown-variable;  sed -i 's/{{siteTitle}}/{{siteTitel}}/' templates-broken/unknown-variable/home.mustache
mk parse-error;       sed -i 's/{{\/hasSources}}/{{\/hasSourcez}}/' templates-broken/parse-error/page.mustache
mk missing-template;  rm templates-broken/missing-template/search.mustache
