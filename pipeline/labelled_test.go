package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"incidentkit/golden"
)

// labelledFloors are the core F1 and incidents F1 of the labelled sets beside
// the project (../shared/news and ../shared/chron, two annotators each,
// adjudicated), scored as score.py scores them. They only go up.
var labelledFloors = []struct {
	set, docs, golden string
	core, incidents   float64
}{
	{"news", "news/docs", "news/golden", 0.72, 0.80},
	{"chron", "chron/docs", "chron/golden", 0.85, 0.92},
}

// writtenSets are the sets written for the tests (none comes from a
// labelled set; their writers saw the spec only), each with the incidents
// and core F1 floors it must keep. They only go up.
var writtenSets = []struct {
	dir             string
	core, incidents float64
}{
	// News reports with a lead, follow-up paragraphs and background
	// incidents of their own; wire/ holds hard-wrapped wire reports of the
	// 1980s with their datelines.
	{"testdata/written", 0.92, 0.99},
	// A second writer: 24 news reports (nw/: wire briefs, round-ups,
	// background paragraphs, 1989-2023, five continents) and 10
	// chronologies (ch/: the layouts of issue 11). Their errors were read
	// and fixed by kind, so they are tune material, not a held-out measure.
	{"testdata/written2", 0.90, 0.94},
	// Three more writers: 24 news reports (nb/: agencies and house styles
	// of five decades, round-ups with their own datelines, corrections), 8
	// chronologies (cx/), 8 web pages (web/: live blog, table, <br> layout)
	// 8 run-in and Wikipedia-list chronologies (rx/) and 16 Russian and
	// Eurasian reports in translated-agency, explainer and tally styles
	// (eu/). Scored unseen first (news core 0.771, chronologies and pages
	// 0.820, rx 0.835, eu 0.810); then the errors of two thirds were read
	// (every third document, sorted, was kept as a check part).
	{"testdata/written3", 0.84, 0.90},
	// Five more writers (written4): 18 hard-wrapped wire reports of
	// 1968-1996 with archive leftovers, two in capitals (wa/), 22 reports
	// of 2000-2025 worldwide, six of them web pages (nx/), 16 encyclopedia
	// articles (ax/), 10 chronologies of ten layouts (cz/) and 18 Russian
	// and Eurasian reports (ru/). Each kind scored unseen first (core: ru
	// 0.678, wa 0.674, ax 0.601, nx 0.693, cz 0.736), then the errors of
	// two thirds read.
	{"testdata/written4", 0.71, 0.80},
	// And five more (written5): 20 worldwide reports (nn/), 16 Russian and
	// Eurasian (rr/), 14 wire reports of 1965-1999 from Asia, the Middle
	// East and Africa (ww/), 16 articles with infobox labels (aa/) and 8
	// chronologies of eight layouts (cc/); unseen core nn 0.734, rr 0.758,
	// ww 0.690, aa 0.617, cc 0.422.
	{"testdata/written5", 0.69, 0.81},
	// And three more (written6), written last and never tuned on: its
	// errors were not read. 18 reports, half Russian and Eurasian (hn/), 7
	// chronologies (hc/), 12 articles with infobox labels (ha/). A held-out
	// measure of the rules as they stand (first scored core hn 0.711, hc
	// 0.642, ha 0.619; the general rules written after moved hn to 0.737 and
	// hc to 0.720, the numeric dates its writer's report named among its
	// date forms).
	{"testdata/written6", 0.69, 0.80},
}

func TestWrittenSets(t *testing.T) {
	e := engine(t)
	g := golden.New(e.Rules.Schema)
	for _, c := range writtenSets {
		rep := scoreSet(t, e, g, c.dir+"/docs", c.dir+"/golden")
		t.Logf("%s: incidents %.3f core %.3f", c.dir, rep.Incidents.F1, rep.Core.F1)
		if rep.Core.F1 < c.core || rep.Incidents.F1 < c.incidents {
			t.Errorf("%s: core %.3f incidents %.3f, below the floors %.2f / %.2f", c.dir, rep.Core.F1, rep.Incidents.F1, c.core, c.incidents)
		}
	}
}

func scoreSet(t *testing.T, e *Engine, g *golden.Scorer, docs, gold string) *golden.Report {
	t.Helper()
	var buf bytes.Buffer
	if _, err := e.Run(context.Background(), []string{docs}, 2, &buf, func(name string, err error) {
		t.Errorf("%s: %v", name, err)
	}, nil); err != nil {
		t.Fatal(err)
	}
	pred, err := g.ReadPredicted(&buf)
	if err != nil {
		t.Fatal(err)
	}
	gs, err := g.LoadGolden(gold)
	if err != nil {
		t.Fatal(err)
	}
	return g.Score(pred, gs)
}

func TestLabelledSetFloors(t *testing.T) {
	shared := filepath.Join("..", "..", "shared")
	if _, err := os.Stat(filepath.Join(shared, "news")); err != nil {
		t.Skipf("no labelled sets beside the project: %v", err)
	}
	e := engine(t)
	g := golden.New(e.Rules.Schema)
	for _, c := range labelledFloors {
		rep := scoreSet(t, e, g, filepath.Join(shared, c.docs), filepath.Join(shared, c.golden))
		t.Logf("%s: incidents %.3f core %.3f", c.set, rep.Incidents.F1, rep.Core.F1)
		if rep.Core.F1 < c.core {
			t.Errorf("%s core F1 %.3f below the floor %.2f", c.set, rep.Core.F1, c.core)
		}
		if rep.Incidents.F1 < c.incidents {
			t.Errorf("%s incidents F1 %.3f below the floor %.2f", c.set, rep.Incidents.F1, c.incidents)
		}
	}
}

// writtenArticles are the single-incident articles written for the tests,
// each with the label of its main incident (ax: taken from the first record
// of its golden file; aa: written by its writer as an infobox would give
// it), scored as mainscore.py scores the dev articles. Floors only go up.
var writtenArticles = []struct {
	docs, labels string
	floor        float64
}{
	{"testdata/written4/docs/ax", "testdata/written4/labels", 0.70},
	{"testdata/written5/docs/aa", "testdata/written5/labels", 0.85},
	{"testdata/written6/docs/ha", "testdata/written6/labels", 0.79}, // held out
}

func TestWrittenArticles(t *testing.T) {
	e := engine(t)
	for _, c := range writtenArticles {
		labels := map[string]map[string]any{}
		files, err := filepath.Glob(filepath.Join(c.labels, "*.labels.json"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no labels", c.labels)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var l struct {
				Label map[string]any `json:"label"`
			}
			if err := json.Unmarshal(data, &l); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			labels[filepath.Base(c.docs)+"/"+strings.TrimSuffix(filepath.Base(f), ".labels.json")+".txt"] = l.Label
		}
		right, total := mainIncident(t, e, filepath.Dir(c.docs), labels)
		acc := float64(right) / float64(total)
		t.Logf("%s: main-incident accuracy %.3f (%d/%d)", c.docs, acc, right, total)
		if acc < c.floor {
			t.Errorf("%s: main-incident accuracy %.3f below the floor %.2f", c.docs, acc, c.floor)
		}
	}
}
