// Package review renders what the pipeline found as HTML for an analyst: an
// index of documents (with golden files, their core F1 worst first), one
// page per document (the cleaned text with evidence sentences and spans
// marked, the records as cards, the golden records and eval's mistakes
// beside them) and the dataset's canonical incidents with a map. Pages are
// self-contained (CSS and script inline, allowed by a content security
// policy that names their hashes) and every value is escaped by
// html/template. Write makes a static site; Handler serves the same pages
// from a dataset store.
package review

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"sort"

	"incidentkit/golden"
	"incidentkit/pipeline"
	"incidentkit/rules"
)

//go:embed assets/page.html assets/review.css assets/review.js assets/world.path
var assets embed.FS

// Options are what a site is built with.
type Options struct {
	Engine *pipeline.Engine
	// Scorer and Gold, when set, score each document as eval does.
	Scorer *golden.Scorer
	Gold   map[string][]golden.Record
}

// Site renders pages. It is read-only once made and safe for concurrent use.
type Site struct {
	engine *pipeline.Engine
	scorer *golden.Scorer
	gold   map[string][]golden.Record
	schema *rules.Schema
	tpl    *template.Template
	css    template.CSS
	js     template.JS
	world  string
	csp    string
}

// New loads the embedded templates, style, script and world outline.
func New(opt Options) (*Site, error) {
	if opt.Engine == nil {
		return nil, fmt.Errorf("review: no engine")
	}
	read := func(name string) (string, error) {
		b, err := assets.ReadFile("assets/" + name)
		if err != nil {
			return "", fmt.Errorf("review: %w", err)
		}
		return string(b), nil
	}
	css, err := read("review.css")
	if err != nil {
		return nil, err
	}
	js, err := read("review.js")
	if err != nil {
		return nil, err
	}
	world, err := read("world.path")
	if err != nil {
		return nil, err
	}
	tpl, err := template.New("page.html").ParseFS(assets, "assets/page.html")
	if err != nil {
		return nil, fmt.Errorf("review: templates: %w", err)
	}
	s := &Site{
		engine: opt.Engine, scorer: opt.Scorer, gold: opt.Gold, schema: opt.Engine.Rules.Schema,
		tpl: tpl, css: template.CSS(css), js: template.JS(js), world: world,
	}
	if s.scorer == nil {
		s.gold = nil
	}
	s.csp = fmt.Sprintf("default-src 'none'; script-src '%s'; style-src '%s'; img-src data:; base-uri 'none'; form-action 'none'",
		hash(js), hash(css))
	return s, nil
}

// CSP is the content security policy every page carries (a meta element,
// and the header Handler sends): no source but the inline style and
// script, which it names by hash.
func (s *Site) CSP() string { return s.csp }

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// view is what the page template gets.
type view struct {
	Title   string
	Kind    string // index, document, dataset
	Root    string // "" at the top, "../" in doc/
	CSP     string
	CSS     template.CSS
	JS      template.JS
	Index   *IndexPage
	Doc     *DocPage
	Dataset *DatasetPage
}

func (s *Site) render(w io.Writer, v view) error {
	v.CSP, v.CSS, v.JS = s.csp, s.css, s.js
	if err := s.tpl.Execute(w, v); err != nil {
		return fmt.Errorf("review: render %s: %w", v.Kind, err)
	}
	return nil
}

// Document processes one document and returns its page.
func (s *Site) Document(doc pipeline.Document) (*DocPage, error) {
	a, err := s.engine.ProcessSpans(doc)
	if err != nil {
		return nil, fmt.Errorf("review: %s: %w", doc.ID, err)
	}
	return s.page(doc, a)
}

// WriteDocument writes a document page (it lives in doc/).
func (s *Site) WriteDocument(w io.Writer, p *DocPage) error {
	title := p.Title
	if title == "" {
		title = p.ID
	}
	return s.render(w, view{Title: title, Kind: "document", Root: "../", Doc: p})
}

// IndexEntry is one document of the index.
type IndexEntry struct {
	ID, File string
	Records  int
	Failed   string // why no page was made, "" if one was
	Score    *golden.DocScore
}

// IndexPage is the index: every document, worst core F1 first when scored.
type IndexPage struct {
	Entries    []IndexEntry
	HasGolden  bool
	Report     *golden.Report // eval's report over the documents, nil without golden
	HasDataset bool
	Documents  int
	Records    int
}

// NewIndex sorts the entries (worst core F1 first, then by id, unscored
// last) and, with golden files, scores preds as eval does.
func (s *Site) NewIndex(entries []IndexEntry, preds []golden.Record, hasDataset bool) *IndexPage {
	ix := &IndexPage{HasDataset: hasDataset}
	if s.scorer != nil {
		ix.HasGolden = true
		ix.Report = s.scorer.Score(preds, s.gold)
		byDoc := map[string]golden.DocScore{}
		for _, d := range ix.Report.Documents {
			byDoc[d.Doc] = d
		}
		seen := map[string]bool{}
		for i := range entries {
			seen[entries[i].ID] = true
			if d, ok := byDoc[entries[i].ID]; ok {
				entries[i].Score = &d
			}
		}
		for _, d := range ix.Report.Documents {
			if !seen[d.Doc] {
				entries = append(entries, IndexEntry{ID: d.Doc, Failed: "not among the inputs", Score: &d})
			}
		}
	}
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if (a.Score == nil) != (b.Score == nil) {
			return a.Score != nil
		}
		if a.Score != nil && a.Score.Core.F1 != b.Score.Core.F1 {
			return a.Score.Core.F1 < b.Score.Core.F1
		}
		return a.ID < b.ID
	})
	for _, e := range entries {
		if e.Failed == "" {
			ix.Documents++
			ix.Records += e.Records
		}
	}
	ix.Entries = entries
	return ix
}

// WriteIndex writes the index page.
func (s *Site) WriteIndex(w io.Writer, ix *IndexPage) error {
	return s.render(w, view{Title: "Review: documents", Kind: "index", Index: ix})
}

// predicted turns a document's records into the scorer's records.
func (p *DocPage) predicted() []golden.Record { return p.preds }
