#!/usr/bin/env bash
# make-breathing-audio.sh: regenerates the spoken slow breathing exercise of
# the example site's page bundle content/empathy/slow-breathing/.
#
# Usage:
#   tests/media/make-breathing-audio.sh [OUT_DIR]
#
# OUT_DIR defaults to content/empathy/slow-breathing in this repository.
# Two files are (over)written there:
#   breathing.mp3     the exercise read aloud: mono, 48 kbit/s MP3
#   breathing.en.vtt  WebVTT captions, one cue per spoken line (a caption
#                     over 42 characters is split into two lines)
#
# How it works: every line of SCRIPT below is spoken by espeak-ng into its
# own WAV file (calm pace: -s 130; the pauses inside a line come from its
# full stops and commas), followed by a stretch of silence of the length given
# beside it. The length of each WAV is read with ffprobe, so each caption cue
# starts exactly where its line starts and ends where its speech ends. The
# pieces are joined with ffmpeg's concat demuxer (all are 22050 Hz mono
# 16-bit PCM, as espeak-ng writes them) and encoded once to MP3.
#
# Needs: bash, espeak-ng, ffmpeg and ffprobe, awk
#   (Debian/Ubuntu: apt-get install -y espeak-ng ffmpeg).
# The output is the same on every run with the same espeak-ng and ffmpeg.
# If you change a line here, change the transcript in index.md to match.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-"$here/../../content/empathy/slow-breathing"}
mkdir -p "$out"
out=$(cd "$out" && pwd)

for tool in espeak-ng ffmpeg ffprobe awk; do
  command -v "$tool" >/dev/null || { echo "$0: $tool is not installed" >&2; exit 1; }
done

VOICE=en-gb   # espeak-ng voice
SPEED=130     # words per minute: slow and calm
RATE=22050    # espeak-ng's sample rate; the silences are made to match

# One line per cue: seconds of silence after the line, a tab, the words.
SCRIPT=$(cat <<'LINES'
0.8	This is a slow breathing exercise. Sit so that you feel comfortable.
0.6	If you feel dizzy, stop and breathe as usual.
1.0	Breathe in for four, hold for two, and breathe out for six.
0.5	Breathe in. Two. Three. Four.
0.3	Hold. Two.
0.9	Breathe out. Two. Three. Four. Five. Six.
0.5	Breathe in. Two. Three. Four.
0.3	Hold. Two.
0.9	Breathe out. Two. Three. Four. Five. Six.
0.5	Breathe in. Two. Three. Four.
0.3	Hold. Two.
1.2	Breathe out. Two. Three. Four. Five. Six.
0.8	Now let your breath find its own pace. Notice how you feel.
0.3	You can come back to this exercise any time.
LINES
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

duration() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }

# A WebVTT time: hours:minutes:seconds.milliseconds.
stamp() { awk -v t="$1" 'BEGIN { ms = int(t * 1000 + 0.5); printf "%02d:%02d:%02d.%03d", ms / 3600000, (ms / 60000) % 60, (ms / 1000) % 60, ms % 1000 }'; }

# A caption over 42 characters (what caption guidelines advise for a line)
# is split into two lines of about the same length, at the space nearest
# its middle.
two_lines() {
  awk -v t="$1" 'BEGIN {
    n = length(t)
    if (n <= 42) { print t; exit }
    best = 0
    for (i = 1; i <= n; i++)
      if (substr(t, i, 1) == " " && (best == 0 || (i - n / 2) ^ 2 < (best - n / 2) ^ 2)) best = i
    print substr(t, 1, best - 1); print substr(t, best + 1)
  }'
}

vtt="$work/breathing.en.vtt"
printf 'WEBVTT\n' >"$vtt"
: >"$work/list.txt"
start=0
n=0
while IFS=$'\t' read -r gap text; do
  [ -n "$text" ] || continue
  n=$((n + 1))
  speech="$work/line$n.wav"
  silence="$work/gap$n.wav"
  espeak-ng -v "$VOICE" -s "$SPEED" -w "$speech" "$text"
  ffmpeg -nostdin -v error -f lavfi -i "anullsrc=r=$RATE:cl=mono" -t "$gap" -c:a pcm_s16le "$silence"
  spoken=$(duration "$speech")
  pause=$(duration "$silence")
  end=$(awk -v a="$start" -v b="$spoken" 'BEGIN { printf "%.6f", a + b }')
  caption=$(two_lines "$text")
  printf '\n%d\n%s --> %s\n%s\n' "$n" "$(stamp "$start")" "$(stamp "$end")" "$caption" >>"$vtt"
  printf "file '%s'\nfile '%s'\n" "$speech" "$silence" >>"$work/list.txt"
  start=$(awk -v a="$end" -v b="$pause" 'BEGIN { printf "%.6f", a + b }')
done <<<"$SCRIPT"

ffmpeg -nostdin -v error -f concat -safe 0 -i "$work/list.txt" -c:a pcm_s16le "$work/all.wav"
ffmpeg -nostdin -v error -y -i "$work/all.wav" -ac 1 -b:a 48k -map_metadata -1 -fflags +bitexact "$work/breathing.mp3"

mv "$work/breathing.mp3" "$out/breathing.mp3"
mv "$vtt" "$out/breathing.en.vtt"

echo "wrote $out/breathing.mp3 ($(stat -c %s "$out/breathing.mp3") bytes, $(duration "$out/breathing.mp3") s)"
echo "wrote $out/breathing.en.vtt ($n cues; the speech ends at $(stamp "$start") with its last pause)"
