package pipeline

import (
	"bytes"
	"context"
	"testing"

	"incidentkit/golden"
	"incidentkit/rules"
)

func engine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(rules.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// floors only go up: raise them when the extractor improves, never lower
// them to let a change land.
var floors = map[string]float64{
	"incidents":           0.98,
	"core":                0.975,
	"date":                0.975,
	"killed":              0.98,
	"injured":             0.99,
	"perpetrators_killed": 0.98,
}

// TestGoldenFloors runs the bundled corpus through the whole flow and scores
// it against the bundled golden files, as `extract eval` does.
func TestGoldenFloors(t *testing.T) {
	e := engine(t)
	var buf bytes.Buffer
	if _, err := e.Run(context.Background(), []string{"../corpus"}, 2, &buf, func(name string, err error) {
		t.Errorf("%s: %v", name, err)
	}, nil); err != nil {
		t.Fatal(err)
	}
	g := golden.New(e.Rules.Schema)
	pred, err := g.ReadPredicted(&buf)
	if err != nil {
		t.Fatal(err)
	}
	gold, err := g.LoadGolden("../golden")
	if err != nil {
		t.Fatal(err)
	}
	rep := g.Score(pred, gold)
	got := map[string]float64{"incidents": rep.Incidents.F1, "core": rep.Core.F1}
	for _, f := range rep.Fields {
		got[f.Field] = f.F1
	}
	for field, floor := range floors {
		if got[field] < floor {
			t.Errorf("%s F1 = %.3f, below the floor %.3f", field, got[field], floor)
		}
	}
	t.Logf("incidents %.3f core %.3f date %.3f killed %.3f injured %.3f perpetrators_killed %.3f",
		got["incidents"], got["core"], got["date"], got["killed"], got["injured"], got["perpetrators_killed"])
}

// Cancelling a run (Ctrl-C) stops it cleanly: what was written is whole
// JSON Lines, in order, and Run returns.
func TestRunCancelled(t *testing.T) {
	e := engine(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var buf bytes.Buffer
	sum, err := e.Run(ctx, []string{"../corpus"}, 2, &buf, nil, func(s Summary) {
		if s.Documents == 1 {
			cancel()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Documents == 0 || sum.Failures != 0 {
		t.Errorf("summary %+v: want at least one document and no failures after a cancel", sum)
	}
	if _, err := golden.New(e.Rules.Schema).ReadPredicted(&buf); err != nil {
		t.Errorf("output after cancel is not whole JSON Lines: %v", err)
	}
}
