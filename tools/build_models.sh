#!/bin/sh
# Rebuild every shipped file of models/ that is made from the shared data,
# byte for byte: the default knowledge base (GeoNames places), the NER
# models of both languages, the claims names, the German weak cues and the
# German claims tagger (trained after the weak cues: it reads the claims
# lexicons for its features).
#
#   tools/build_models.sh [DATA_DIR] [BUILD_DIR]
#
# DATA_DIR defaults to ../shared/data next to the repository, BUILD_DIR to
# build/ (configured with cmake first). `git status models/` afterwards
# shows what a change of the data or of the tools moved. The hand-written
# lexicons (claims-de.txt, claims-en.txt, langid-words.txt) are edited by
# hand; the langid profiles have their own command in models/README.md.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$here/../shared/data}
build=${2:-$here/build}

python3 "$here/tools/build_kb.py" --data "$data" --out "$here/models/kb-default.tsv"
"$here/tools/train_ner.sh" "$data" "$build"
python3 "$here/tools/build_claims_names.py" "$data/gazetteers" \
    > "$here/models/claims-names.txt"
python3 "$here/tools/claims_cues.py" "$data/claims/de/bundestag" \
    > "$here/models/claims-de-cues.txt"
# Bundestag speeches only (CC BY-SA 4.0): WikiNews and REDEWIEDERGABE are
# not ours to ship and must never be given to train_claims
"$build/tools/train_claims" --data "$data/claims/de/bundestag" \
    --models "$here/models" --out "$here/models/claims-de-tagger.bin"
