// Command worldgen turns a TopoJSON land outline into the SVG path the
// dataset page's map draws (review/assets/world.path): equirectangular,
// Scale units per degree, x from 180°W, y from 90°N, integer coordinates,
// relative moves. The outline is world-atlas's land-110m.json (Natural Earth
// 1:110m land, public domain; world-atlas is ISC). To regenerate:
//
//	cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
//	go run ./review/worldgen -in "$OLDPWD/package/land-110m.json" > review/assets/world.path
//
// (run from the module root, replacing $OLDPWD by that temporary folder).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
)

// Scale is map units per degree: the map is 360*Scale by 180*Scale.
const Scale = 4

type topology struct {
	Arcs      [][][2]float64 `json:"arcs"`
	Transform struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Objects map[string]struct {
		Geometries []struct {
			Type string          `json:"type"`
			Arcs json.RawMessage `json:"arcs"`
		} `json:"geometries"`
	} `json:"objects"`
}

func main() {
	in := flag.String("in", "", "TopoJSON file (world-atlas land-110m.json)")
	object := flag.String("object", "land", "object of the topology to draw")
	flag.Parse()
	if err := run(*in, *object, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "worldgen:", err)
		os.Exit(1)
	}
}

func run(in, object string, w io.Writer) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	var t topology
	if err := json.Unmarshal(data, &t); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	arcs := decodeArcs(t)
	obj, ok := t.Objects[object]
	if !ok {
		return fmt.Errorf("%s: no object %q", in, object)
	}
	var b strings.Builder
	for _, g := range obj.Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return fmt.Errorf("polygon: %w", err)
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return fmt.Errorf("multipolygon: %w", err)
			}
		default:
			continue
		}
		for _, poly := range polys {
			for _, ring := range poly {
				writeRing(&b, ringPoints(arcs, ring))
			}
		}
	}
	_, err = fmt.Fprintln(w, b.String())
	return err
}

// decodeArcs undoes the delta encoding and quantization: degrees.
func decodeArcs(t topology) [][][2]float64 {
	out := make([][][2]float64, len(t.Arcs))
	for i, a := range t.Arcs {
		var x, y float64
		for _, p := range a {
			x += p[0]
			y += p[1]
			out[i] = append(out[i], [2]float64{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]})
		}
	}
	return out
}

// ringPoints joins a ring's arcs (a negative index ~i is arc i reversed).
func ringPoints(arcs [][][2]float64, ring []int) [][2]float64 {
	var pts [][2]float64
	for _, i := range ring {
		var a [][2]float64
		if i < 0 {
			src := arcs[^i]
			for k := len(src) - 1; k >= 0; k-- {
				a = append(a, src[k])
			}
		} else {
			a = arcs[i]
		}
		if len(pts) > 0 && len(a) > 0 {
			a = a[1:] // each arc starts where the one before ended
		}
		pts = append(pts, a...)
	}
	return pts
}

// writeRing writes one closed ring: M x y, then relative l moves.
func writeRing(b *strings.Builder, pts [][2]float64) {
	var px, py int
	n := 0
	for _, p := range pts {
		x := int(math.Round((p[0] + 180) * Scale))
		y := int(math.Round((90 - p[1]) * Scale))
		switch {
		case n == 0:
			fmt.Fprintf(b, "M%d %d", x, y)
		case x == px && y == py:
			continue
		case x-px > 180*Scale || px-x > 180*Scale:
			// a ring crossing the antimeridian: jump, do not draw across
			fmt.Fprintf(b, "M%d %d", x, y)
		default:
			fmt.Fprintf(b, "l%d %d", x-px, y-py)
		}
		px, py = x, y
		n++
	}
	if n > 0 {
		b.WriteString("z")
	}
}
