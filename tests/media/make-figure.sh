#!/usr/bin/env bash
# make-figure.sh: redraws the example site's figure "The cycle of rupture and
# repair" (content/trust/rupture-and-repair-cycle.png), shown on
# content/trust/when-trust-is-hard.md.
#
# Usage:
#   tests/media/make-figure.sh [OUT_FILE]
#
# OUT_FILE defaults to content/trust/rupture-and-repair-cycle.png in this
# repository. The picture is 1600x900 px: four labelled boxes in a clockwise
# cycle joined by arrows, "A strain or misunderstanding" -> "Noticing it" ->
# "Talking about it" -> "Trust grows" -> back to the start, under the title.
# Dark text on a light background (contrast well above 7:1) in DejaVu Sans,
# 44 px in the boxes. If you change the words, change the image's alt text
# in when-trust-is-hard.md to match.
#
# Needs: ImageMagick's convert and the DejaVu fonts
#   (Debian/Ubuntu: apt-get install -y imagemagick fonts-dejavu-core).
# Metadata and PNG time stamps are left out, so the file is the same on every
# run with the same ImageMagick.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$(realpath -m "${1:-"$here/../../content/trust/rupture-and-repair-cycle.png"}")
mkdir -p "$(dirname "$out")"

command -v convert >/dev/null || { echo "$0: ImageMagick's convert is not installed" >&2; exit 1; }
fonts=$(convert -list font)
for font in DejaVu-Sans DejaVu-Sans-Bold; do
  grep -q "Font: $font\$" <<<"$fonts" || { echo "$0: the font $font is missing (fonts-dejavu-core)" >&2; exit 1; }
done

W=1600 H=900
BG='#fbfaf6'      # warm off-white
INK='#1a1a1a'     # text
LINE='#2b2b2b'    # arrows
EDGE='#1f4e79'    # box borders
FILL='#e3eef8'    # box fill

# Box centres (x y) and sizes: top, right, bottom, left.
# Top and bottom boxes: 540..1060 wide; left 130..570, right 1030..1470.
box() { # cx cy w h
  local x0=$(($1 - $3 / 2)) y0=$(($2 - $4 / 2)) x1=$(($1 + $3 / 2)) y1=$(($2 + $4 / 2))
  printf 'roundrectangle %d,%d %d,%d 28,28 ' "$x0" "$y0" "$x1" "$y1"
}
# A label centred on (x, y): -annotate offsets are from the picture's centre.
label() { # cx cy text
  printf '%s\0' -annotate "$(printf '%+d%+d' $(($1 - W / 2)) $(($2 - H / 2)))" "$3"
}
arrowhead() { # tip-x tip-y direction(down|left|up|right)
  local x=$1 y=$2 s=26 l=40
  case $3 in
    down)  printf 'polygon %d,%d %d,%d %d,%d ' "$x" "$y" $((x - s)) $((y - l)) $((x + s)) $((y - l)) ;;
    up)    printf 'polygon %d,%d %d,%d %d,%d ' "$x" "$y" $((x - s)) $((y + l)) $((x + s)) $((y + l)) ;;
    left)  printf 'polygon %d,%d %d,%d %d,%d ' "$x" "$y" $((x + l)) $((y - s)) $((x + l)) $((y + s)) ;;
    right) printf 'polygon %d,%d %d,%d %d,%d ' "$x" "$y" $((x - l)) $((y - s)) $((x - l)) $((y + s)) ;;
  esac
}

boxes="$(box 800 240 520 150)$(box 1250 500 440 150)$(box 800 760 520 150)$(box 350 500 440 150)"
# Elbow connectors, clockwise, drawn as straight lines (ImageMagick's
# polyline leaves a thin gap in a thick line); each ends inside its arrowhead.
lines="line 1060,240 1254,240 line 1250,236 1250,400 \
line 1250,575 1250,764 line 1254,760 1080,760 \
line 540,760 346,760 line 350,764 350,600 \
line 350,425 350,236 line 346,240 520,240 "
heads="$(arrowhead 1250 425 down)$(arrowhead 1060 760 left)$(arrowhead 350 575 up)$(arrowhead 540 240 right)"

mapfile -d '' labels < <(
  label 800 240 $'A strain or\nmisunderstanding'
  label 1250 500 'Noticing it'
  label 800 760 'Talking about it'
  label 350 500 'Trust grows'
)

convert -size "${W}x${H}" "xc:$BG" \
  -fill "$FILL" -stroke "$EDGE" -strokewidth 5 -draw "$boxes" \
  -fill none -stroke "$LINE" -strokewidth 8 -draw "$lines" \
  -fill "$LINE" -stroke none -draw "$heads" \
  -gravity north -font DejaVu-Sans-Bold -pointsize 54 -fill "$INK" -annotate +0+48 'The cycle of rupture and repair' \
  -gravity center -font DejaVu-Sans -pointsize 44 -interline-spacing 4 -fill "$INK" "${labels[@]}" \
  -strip -define png:exclude-chunks=date,time \
  "PNG24:$out"

echo "wrote $out ($(stat -c %s "$out") bytes)"
