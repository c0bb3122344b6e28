package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"incidentkit/golden"
	"incidentkit/rules"
)

// devFloor is the main-incident accuracy on ../shared/dev (real articles the
// rules were never written from, scored as tools/mainscore.py scores them).
// It only goes up, but for one step down, forced by the contract: the spec
// now counts a suicide attacker as killed only when the text says he died,
// and gives "the Suruç district" as "Suruç District"; the dev labels come
// from infoboxes, which count every suicide bomber and name the town. Those
// conventions cost 0.033 here (three articles, two fields each, and one
// place); 0.94 was measured under the old reading.
const devFloor = 0.915

// TestDevMainIncident runs the dev articles through the whole flow and
// scores the main incident of each against its label, as mainscore.py does.
func TestDevMainIncident(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "dev")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no dev set beside the project: %v", err)
	}
	corpus := t.TempDir()
	if err := os.MkdirAll(filepath.Join(corpus, "dev"), 0o755); err != nil {
		t.Fatal(err)
	}
	labels := map[string]map[string]any{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		name := e.Name()
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasSuffix(name, ".txt"):
			if err := os.WriteFile(filepath.Join(corpus, "dev", name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		case strings.HasSuffix(name, ".labels.json"):
			var l struct {
				Label map[string]any `json:"label"`
			}
			if err := json.Unmarshal(data, &l); err != nil {
				t.Fatal(err)
			}
			labels["dev/"+strings.TrimSuffix(name, ".labels.json")+".txt"] = l.Label
		}
	}
	right, total := mainIncident(t, engine(t), corpus, labels)
	acc := float64(right) / float64(total)
	t.Logf("dev main-incident accuracy %.3f (%d/%d)", acc, right, total)
	if acc < devFloor {
		t.Errorf("dev main-incident accuracy %.3f below the floor %.3f", acc, devFloor)
	}
}

// mainIncident runs the documents under dir and scores the main incident of
// each labelled one as mainscore.py does (the predicted record agreeing best
// with the label, each labelled field right or wrong); the mistakes of the
// tune part are logged, those of the check part (every third document,
// sorted) only counted.
func mainIncident(t *testing.T, e *Engine, dir string, labels map[string]map[string]any) (right, total int) {
	t.Helper()
	var buf bytes.Buffer
	if _, err := e.Run(context.Background(), []string{dir}, 2, &buf, func(name string, err error) { t.Error(name, err) }, nil); err != nil {
		t.Fatal(err)
	}
	byDoc := map[string][]map[string]any{}
	dec := json.NewDecoder(&buf)
	for dec.More() {
		var r map[string]any
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		doc := r["doc"].(string)
		byDoc[doc] = append(byDoc[doc], r)
	}
	fields := []string{"category", "date", "place", "region", "country", "perpetrator", "killed", "injured", "perpetrators_killed", "arrested", "deaths", "weapons"}
	docs := make([]string, 0, len(labels))
	for d := range labels {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	for i, doc := range docs {
		// The check part (every third document, README "Tune and check"):
		// its mistakes are never printed, only counted.
		check := i%3 == 2
		label := labels[doc]
		var best map[string]any
		bestScore := -1
		for _, r := range byDoc[doc] {
			if s := agreement(label, r); s > bestScore {
				best, bestScore = r, s
			}
		}
		if bestScore < 2 {
			best = nil
		}
		for _, f := range fields {
			lv := mainValue(f, label, true)
			if lv == "" {
				continue
			}
			total++
			if best != nil && mainValue(f, best, false) == lv {
				right++
			} else if !check {
				t.Logf("%s %s: want %s got %s", doc, f, lv, mainValue(f, best, false))
			}
		}
	}
	return right, total
}

// mainValue renders a field as mainscore.py compares it; "" means null.
func mainValue(field string, r map[string]any, isLabel bool) string {
	if r == nil {
		return ""
	}
	switch field {
	case "deaths":
		if isLabel {
			return num(r["deaths_total"])
		}
		k, p := r["killed"], r["perpetrators_killed"]
		if k == nil && p == nil {
			return ""
		}
		n := 0.0
		for _, v := range []any{k, p} {
			if f, ok := v.(float64); ok {
				n += f
			}
		}
		return num(n)
	case "weapons":
		ws, _ := r["weapons"].([]any)
		var ss []string
		for _, w := range ws {
			ss = append(ss, w.(string))
		}
		sort.Strings(ss)
		return strings.Join(dedupe(ss), ",")
	case "place", "region", "country", "perpetrator":
		if s, ok := r[field].(string); ok {
			return devScorer().FoldField(field, s)
		}
		return ""
	case "killed", "injured", "perpetrators_killed", "arrested":
		return num(r[field])
	}
	if s, ok := r[field].(string); ok {
		return s
	}
	return ""
}

func num(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return ""
}

func dedupe(ss []string) []string {
	var out []string
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// agreement weighs how well a record matches the label (mainscore.py).
func agreement(label, r map[string]any) int {
	score := 0
	for f, w := range map[string]int{"date": 3, "place": 2, "region": 1, "country": 1, "deaths": 1} {
		if lv := mainValue(f, label, true); lv != "" && lv == mainValue(f, r, false) {
			score += w
		}
	}
	return score
}

// devScorer folds values as the scorers do (mainscore.py's fold_name for
// places and regions), by the default schema.
var devScorer = sync.OnceValue(func() *golden.Scorer {
	s, err := rules.LoadSchema(rules.Defaults(), "fields.yaml")
	if err != nil {
		panic(err)
	}
	return golden.New(s)
})
