package rules

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Corpus is the example file beside a rule file (NAME.corpus.yaml beside
// NAME.yaml, as Duckling keeps Corpus.hs beside Rules.hs): for each rule,
// sentences that must fire it and near-misses that must not. The corpus is
// the test: adding a phrase is adding a line.
type Corpus struct {
	File     string // the corpus file
	RuleFile string // the rule file it is beside
	Examples map[string]*Examples
}

// Examples of one rule.
type Examples struct {
	Rule   string
	Fire   []Example
	Not    []Example
	Source string // file:line
}

// Example is one sentence; Value, when given, is what the rule must make
// of it (a date's ISO value, a count).
type Example struct {
	Text  string
	Value string
	Line  int
}

// loadCorpora reads every *.corpus.yaml of a language folder.
func loadCorpora(fsys fs.FS, lang string) ([]*Corpus, error) {
	entries, err := fs.ReadDir(fsys, lang)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	var out []*Corpus
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".corpus.yaml") {
			continue
		}
		c, err := loadCorpus(fsys, path.Join(lang, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out, nil
}

func loadCorpus(fsys fs.FS, file string) (*Corpus, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("rules: %s: %w", file, err)
	}
	c := &Corpus{File: file, RuleFile: strings.TrimSuffix(file, ".corpus.yaml") + ".yaml", Examples: map[string]*Examples{}}
	if len(doc.Content) == 0 {
		return c, nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("rules: %s:1: want a mapping of rule names to {fire, not}", file)
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		at := fmt.Sprintf("%s:%d", file, k.Line)
		if _, dup := c.Examples[k.Value]; dup {
			return nil, fmt.Errorf("rules: %s: rule %q twice", at, k.Value)
		}
		if v.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("rules: %s: rule %q: want {fire: [...], not: [...]}", at, k.Value)
		}
		ex := &Examples{Rule: k.Value, Source: at}
		for j := 0; j+1 < len(v.Content); j += 2 {
			key, list := v.Content[j], v.Content[j+1]
			var dst *[]Example
			switch key.Value {
			case "fire":
				dst = &ex.Fire
			case "not":
				dst = &ex.Not
			default:
				return nil, fmt.Errorf("rules: %s:%d: unknown key %q (fire, not)", file, key.Line, key.Value)
			}
			if list.Kind != yaml.SequenceNode {
				return nil, fmt.Errorf("rules: %s:%d: %s must be a list", file, key.Line, key.Value)
			}
			for _, item := range list.Content {
				e, err := example(file, item)
				if err != nil {
					return nil, err
				}
				*dst = append(*dst, e)
			}
		}
		c.Examples[k.Value] = ex
	}
	return c, nil
}

// example is a sentence, or {text, value}.
func example(file string, n *yaml.Node) (Example, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if strings.TrimSpace(n.Value) == "" {
			return Example{}, fmt.Errorf("rules: %s:%d: empty example", file, n.Line)
		}
		return Example{Text: n.Value, Line: n.Line}, nil
	case yaml.MappingNode:
		var e struct {
			Text  string `yaml:"text"`
			Value string `yaml:"value"`
		}
		if err := strictDecode(file, n, &e); err != nil {
			return Example{}, err
		}
		if strings.TrimSpace(e.Text) == "" {
			return Example{}, fmt.Errorf("rules: %s:%d: empty example", file, n.Line)
		}
		return Example{Text: e.Text, Value: e.Value, Line: n.Line}, nil
	}
	return Example{}, fmt.Errorf("rules: %s:%d: an example is a sentence or {text, value}", file, n.Line)
}
