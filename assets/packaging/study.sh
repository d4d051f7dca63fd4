#!/usr/bin/env bash
# study.sh DIR CORPUS CLI...: runs the README's study (new, import, code, agreement --json,
# export .xlsx) in DIR with the command CLI... (e.g. `marginalia`, or `wine marginalia.com`)
# and prints the agreement JSON, so that two builds' figures can be compared.
# CORPUS is the folder of the two sample articles, as CLI sees it (Wine: a Z:\ path).
set -euo pipefail
dir=$1 corpus=$2
shift 2
cd "$dir"
"$@" new study.qdb >/dev/null
"$@" import study.qdb "$corpus/setback-cyber-cooperation.txt" "$corpus/sony-hack-cyber-dialogue.txt" >/dev/null
"$@" code study.qdb --coder alice --document sony-hack-cyber-dialogue.txt \
  --code "Norms > Cyber vandalism" --start 1395 --end 1410 --memo "Obama's term" >/dev/null
printf 'coder,document,code,start,end\nbob,sony-hack-cyber-dialogue.txt,Norms > Cyber vandalism,1380,1446\nbob,sony-hack-cyber-dialogue.txt,Trust,5845,5856\n' >bob.csv
"$@" import study.qdb bob.csv >/dev/null
"$@" export study.qdb agreement.xlsx --coders alice,bob >/dev/null
[ -s agreement.xlsx ] || { echo "study.sh: agreement.xlsx was not written" >&2; exit 1; }
"$@" agreement study.qdb --coders alice,bob --json | tr -d '\r'
