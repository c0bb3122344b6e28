package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"incidentkit/golden"
	"incidentkit/pipeline"
	"incidentkit/pipeline/textenc"
	"incidentkit/rules"
)

// defaultGolden is where eval and dataset score look for golden files when
// --golden is not given: like every relative path, it is relative to the
// working directory (the module root holds a copy of the seed golden files
// and clusters).
const defaultGolden = "golden"

type evalCmd struct {
	rulesFlag
	workersFlag
	Golden    string   `default:"${golden}" placeholder:"DIR" help:"Golden files (default: ./golden; every relative path is relative to the working directory, as for dataset score)."`
	Predicted string   `placeholder:"FILE" help:"Score this JSONL file (- for standard input) instead of extracting from PATH."`
	Sets      []string `name:"set" placeholder:"NAME=DOCS:GOLDEN" help:"Score a labelled set: extract DOCS, score against GOLDEN; repeat for several sets. Prints one line per set, then each set's details."`
	JSON      bool     `name:"json" help:"Print the report as JSON (with --set: an object keyed by set name)."`
	Paths     []string `arg:"" optional:"" name:"PATH" help:"Documents to extract and score (default: ./corpus)."`
}

// evalSet is one labelled set: its documents (or records) and golden files.
type evalSet struct {
	name      string
	docs      []string
	gold      string
	predicted string
}

func (c *evalCmd) sets() ([]evalSet, error) {
	if len(c.Sets) == 0 {
		paths := c.Paths
		if len(paths) == 0 && c.Predicted == "" {
			paths = []string{"corpus"}
		}
		if c.Predicted != "" && len(paths) > 0 {
			return nil, usageError{"give --predicted or PATHs, not both"}
		}
		return []evalSet{{docs: paths, gold: c.Golden, predicted: c.Predicted}}, nil
	}
	if c.Predicted != "" || len(c.Paths) > 0 {
		return nil, usageError{"give --set, or PATHs or --predicted, not both"}
	}
	var out []evalSet
	seen := map[string]bool{}
	for _, s := range c.Sets {
		name, rest, ok1 := strings.Cut(s, "=")
		docs, gold, ok2 := strings.Cut(rest, ":")
		if !ok1 || !ok2 || name == "" || docs == "" || gold == "" {
			return nil, usageError{fmt.Sprintf("--set %q: want NAME=DOCS:GOLDEN, e.g. --set seeds=../shared/corpus:../shared/golden", s)}
		}
		if seen[name] {
			return nil, usageError{fmt.Sprintf("--set %s given twice", name)}
		}
		seen[name] = true
		out = append(out, evalSet{name: name, docs: []string{docs}, gold: gold})
	}
	return out, nil
}

func (c *evalCmd) Run(e *env) error {
	sets, err := c.sets()
	if err != nil {
		return err
	}
	schema, err := loadSchema(c.Rules)
	if err != nil {
		return err
	}
	g := golden.New(schema)
	var eng *pipeline.Engine
	failed := false
	reports := make([]*golden.Report, len(sets))
	for i, s := range sets {
		var data []byte
		if s.predicted != "" {
			if data, err = readInput(s.predicted, e.stdin); err != nil {
				return err
			}
		} else {
			paths := s.docs
			if _, err := pipeline.CheckPaths(paths); err != nil {
				return err
			}
			if eng == nil {
				if eng, err = c.engine(); err != nil {
					return err
				}
			}
			var buf bytes.Buffer
			in := pipeline.Inputs{Paths: paths, Stdin: e.stdin}
			if _, err := eng.RunInputs(e.ctx, in, c.Workers, &buf, pipeline.Hooks{
				Fail: func(name string, err error) {
					fmt.Fprintf(e.stderr, "extract: %s: %v\n", name, err)
					failed = true
				},
				Note: func(name, note string) { fmt.Fprintf(e.stderr, "extract: %s: %s\n", name, note) },
			}); err != nil {
				return err
			}
			data = buf.Bytes()
		}
		pred, err := g.ReadPredicted(bytes.NewReader(data))
		if err != nil {
			if s.predicted != "" {
				return fmt.Errorf("%s: %w", s.predicted, err)
			}
			return err
		}
		gold, err := g.LoadGolden(s.gold)
		if err != nil {
			return err
		}
		reports[i] = g.Score(pred, gold)
		if eng != nil && s.predicted == "" {
			nearest(eng, s.docs, reports[i])
		}
	}
	if err := c.write(e.stdout, sets, reports); err != nil {
		return err
	}
	if failed {
		return errReported
	}
	return nil
}

// nearest fills, for each value a record lacks (no rule set it), what the
// rules did in the golden quote's sentence (pipeline.Readings.Near): the
// nearest rules that did not fire. Each document is read once.
func nearest(eng *pipeline.Engine, roots []string, rep *golden.Report) {
	read := map[string]*pipeline.Readings{} // one reading per document, nil: unreadable
	for i := range rep.Mistakes {
		m := &rep.Mistakes[i]
		if m.Kind != golden.KindMissing || m.Rule != "" || m.Quote == "" {
			continue
		}
		r, ok := read[m.Doc]
		if !ok {
			for _, root := range roots {
				path := filepath.Join(root, filepath.FromSlash(m.Doc))
				if st, err := os.Stat(root); err == nil && !st.IsDir() {
					path = root
				}
				if doc, _, err := pipeline.ReadDocument(path, m.Doc, textenc.Encoding{}); err == nil {
					if r, err = eng.Read(doc); err == nil {
						break
					}
				}
			}
			read[m.Doc] = r
		}
		if r != nil {
			m.Near = r.Near(m.Quote, m.Field)
		}
	}
}

// write prints one report as it is, or with --set a line per set (the
// figures to compare at a glance), then every set's report.
func (c *evalCmd) write(w io.Writer, sets []evalSet, reps []*golden.Report) error {
	if len(c.Sets) == 0 {
		if c.JSON {
			return reps[0].WriteJSON(w)
		}
		return reps[0].WriteText(w)
	}
	if c.JSON {
		var b bytes.Buffer
		b.WriteString("{")
		for i, s := range sets {
			var r bytes.Buffer
			if err := reps[i].WriteJSON(&r); err != nil {
				return err
			}
			name, _ := json.Marshal(s.name)
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "\n%s: %s", name, bytes.TrimSpace(r.Bytes()))
		}
		b.WriteString("\n}\n")
		_, err := w.Write(b.Bytes())
		return err
	}
	fmt.Fprintf(w, "%-8s %9s %9s %9s %9s\n", "set", "documents", "incidents", "incF1", "coreF1")
	for i, s := range sets {
		r := reps[i]
		fmt.Fprintf(w, "%-8s %9d %9d %9.3f %9.3f\n", s.name, len(r.Documents), r.Golden, r.Incidents.F1, r.Core.F1)
	}
	for i, s := range sets {
		fmt.Fprintf(w, "\n== %s (%s against %s)\n", s.name, strings.Join(s.docs, " "), s.gold)
		if err := reps[i].WriteText(w); err != nil {
			return err
		}
	}
	return nil
}

// readInput reads a file, or standard input for "-".
func readInput(path string, stdin io.Reader) ([]byte, error) {
	if path == pipeline.StdinPath {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(path)
}

// loadSchema reads the record fields of a rules directory (or the embedded
// rules), without building an engine.
func loadSchema(dir string) (*rules.Schema, error) {
	fsys, err := rules.Open(dir)
	if err != nil {
		return nil, err
	}
	return rules.LoadSchema(fsys, "fields.yaml")
}
