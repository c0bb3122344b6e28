package dataset

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"incidentkit/golden"
	"incidentkit/rules"
)

// ClusterScore is the pairwise clustering score of the canonical incidents
// against the golden clusters, over the golden records the extractor found.
type ClusterScore struct {
	Golden, Found         int // golden records; those aligned to one of our records
	GoldPairs, OurPairs   int // pairs of found records in one golden cluster; in one of our incidents
	Agree                 int // pairs in both
	Precision, Recall, F1 float64
}

// goldMember is one golden record named in clusters.json.
type goldMember struct {
	Doc   string `json:"doc"`
	Quote string `json:"quote"`
}

// Score aligns our records to the golden records document by document, as
// `extract eval` aligns them (golden.Align), and compares pairs: two found
// golden records belong together when clusters.json (in goldDir/dataset)
// puts them in one cluster, and we put them together when their records sit
// in one canonical incident.
func Score(g *golden.Scorer, incs []Incident, records map[string][]golden.Record, goldDir string) (ClusterScore, error) {
	var sc ClusterScore
	gold, err := g.LoadGolden(goldDir)
	if err != nil {
		return sc, err
	}
	data, err := os.ReadFile(filepath.Join(goldDir, "dataset", "clusters.json"))
	if err != nil {
		return sc, fmt.Errorf("clusters: %w", err)
	}
	var clusters [][]goldMember
	if err := json.Unmarshal(data, &clusters); err != nil {
		return sc, fmt.Errorf("clusters: %w", err)
	}
	// golden (doc, index) -> golden cluster
	type key struct {
		doc string
		i   int
	}
	goldCluster := map[key]int{}
	for ci, c := range clusters {
		for _, m := range c {
			found := false
			for gi, g := range gold[m.Doc] {
				if g.Quote == m.Quote {
					if _, dup := goldCluster[key{m.Doc, gi}]; !dup {
						goldCluster[key{m.Doc, gi}] = ci
						found = true
						break
					}
				}
			}
			if !found {
				return sc, fmt.Errorf("clusters: %s: no golden record quotes %q", m.Doc, m.Quote)
			}
		}
		sc.Golden += len(c)
	}
	// our record (doc, id) -> incident
	ours := map[[2]string]int{}
	for ii, inc := range incs {
		for _, s := range inc.Sources {
			ours[[2]string{s.Doc, s.ID}] = ii
		}
	}
	type found struct{ gold, ours int }
	var fs []found
	for doc, gr := range gold {
		pred := records[doc]
		for _, p := range g.Align(pred, gr) {
			gc, ok := goldCluster[key{doc, p[1]}]
			if !ok || pred[p[0]].ID == nil {
				continue
			}
			oc, ok := ours[[2]string{doc, *pred[p[0]].ID}]
			if !ok {
				continue
			}
			fs = append(fs, found{gc, oc})
		}
	}
	sc.Found = len(fs)
	for i := range fs {
		for j := i + 1; j < len(fs); j++ {
			g, o := fs[i].gold == fs[j].gold, fs[i].ours == fs[j].ours
			if g {
				sc.GoldPairs++
			}
			if o {
				sc.OurPairs++
			}
			if g && o {
				sc.Agree++
			}
		}
	}
	sc.Precision, sc.Recall = ratio(sc.Agree, sc.OurPairs), ratio(sc.Agree, sc.GoldPairs)
	if sc.Precision+sc.Recall > 0 {
		sc.F1 = 2 * sc.Precision * sc.Recall / (sc.Precision + sc.Recall)
	}
	return sc, nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// ScoreGolden scores the stored incidents against the golden files in
// goldDir (see Score).
func (s *Store) ScoreGolden(ctx context.Context, schema *rules.Schema, goldDir string) (ClusterScore, error) {
	g := golden.New(schema)
	incs, err := s.Incidents(ctx)
	if err != nil {
		return ClusterScore{}, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT json FROM records ORDER BY doc, seq`)
	if err != nil {
		return ClusterScore{}, fmt.Errorf("dataset: read records: %w", err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var js string
		if err := rows.Scan(&js); err != nil {
			return ClusterScore{}, fmt.Errorf("dataset: read records: %w", err)
		}
		b.WriteString(js)
		b.WriteByte('\n')
	}
	if err := rows.Err(); err != nil {
		return ClusterScore{}, fmt.Errorf("dataset: read records: %w", err)
	}
	// The scorer's own reader, so records are read as `extract eval` reads them.
	recs, err := g.ReadPredicted(strings.NewReader(b.String()))
	if err != nil {
		return ClusterScore{}, err
	}
	byDoc := map[string][]golden.Record{}
	for _, r := range recs {
		byDoc[r.Doc] = append(byDoc[r.Doc], r)
	}
	return Score(g, incs, byDoc, goldDir)
}
