package review

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"incidentkit/golden"
	"incidentkit/pipeline"
	"incidentkit/rules"
)

// DocPage is what one document page shows: the cleaned text cut into
// pieces, the records and, with golden files, the golden records and the
// mistakes eval finds.
type DocPage struct {
	ID, File   string
	Title, URL string
	Paragraphs []paragraph
	Cards      []pairRow
	Records    int
	Evidence   int // evidence items over all records
	HasGolden  bool
	Score      *golden.DocScore
	Mistakes   []golden.Mistake
	Kinds      []string // span kinds, for the legend
	preds      []golden.Record
}

type paragraph struct {
	Heading   bool
	Sentences []sentenceView
}

type sentenceView struct {
	ID       string
	Evidence string // the evidence items it is: "r0e1 r2e0", "" if none
	Pieces   []piece
}

// piece is a run of text under the same marks.
type piece struct {
	Text   string
	Kinds  string // span kinds over it: "k-date k-place"
	Title  string // each span's kind, label and rule, one a line
	Fields string // field marks over it: "r0-killed g1-quote"
}

// Marked reports whether the piece needs an element of its own.
func (p piece) Marked() bool { return p.Kinds != "" || p.Fields != "" }

// pairRow is one row of cards: a golden record beside the record aligned
// to it, a golden record with none (missing), or a record with none
// (spurious, or every record when no golden files are given).
type pairRow struct {
	Pred *card
	Gold *card
}

type card struct {
	Key    string // r0 or g0
	Index  int
	Status string // "", "spurious", "missing"
	Fields []fieldView
	Quote  string // golden quote
	Marked bool   // the quote is marked in the text
}

type fieldView struct {
	Name, Value, Rule, Mark string
	Mistake                 string // wrong, missing, spurious, "" if right or unscored
	Note                    string // the other side's value of a mistake
}

// mark is a range of the text with the marks it carries.
type mark struct {
	start, end int
	kind       string // span kind, "" for a field mark
	title      string
	field      string
}

// page builds a document's page from what the pipeline found.
func (s *Site) page(doc pipeline.Document, a pipeline.Annotated) (*DocPage, error) {
	p := &DocPage{ID: doc.ID, File: DocFile(doc.ID), Title: doc.Title, URL: doc.URL, Records: len(a.Records)}
	text := a.Cleaned.Text
	var marks []mark
	for _, sp := range a.Spans {
		marks = append(marks, mark{start: sp.Start, end: sp.End, kind: sp.Kind,
			title: fmt.Sprintf("%s %q: %s (%s)", sp.Kind, sp.Text, sp.Label, sp.Rule)})
	}
	evidence := map[[2]int][]string{}
	for ri, r := range a.Records {
		for ei, ev := range r.Evidence {
			key := [2]int{ev.Start, ev.End}
			evidence[key] = append(evidence[key], fmt.Sprintf("r%de%d", ri, ei))
			p.Evidence++
		}
	}
	// records as golden records, for alignment and scoring
	if s.scorer != nil {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		for _, r := range a.Records {
			if err := enc.Encode(r); err != nil {
				return nil, fmt.Errorf("review: %s: %w", doc.ID, err)
			}
		}
		preds, err := s.scorer.ReadPredicted(&buf)
		if err != nil {
			return nil, fmt.Errorf("review: %s: %w", doc.ID, err)
		}
		p.preds = preds
	}
	gold, hasGold := s.gold[doc.ID]
	p.HasGolden = s.scorer != nil && hasGold
	cards := make([]*card, len(a.Records))
	for ri, r := range a.Records {
		c := &card{Key: fmt.Sprintf("r%d", ri), Index: ri}
		for _, name := range r.Fields.Names() {
			fv := fieldView{Name: name, Value: r.Fields.Format(name), Rule: r.Provenance[name]}
			if fv.Rule != "" {
				fv.Mark = c.Key + "-" + name
				for _, rg := range provenanceRanges(text, r.Evidence, fv.Rule) {
					marks = append(marks, mark{start: rg[0], end: rg[1], field: fv.Mark})
				}
			}
			c.Fields = append(c.Fields, fv)
		}
		cards[ri] = c
	}
	if !p.HasGolden {
		for _, c := range cards {
			p.Cards = append(p.Cards, pairRow{Pred: c})
		}
	} else {
		rep := s.scorer.Score(p.preds, map[string][]golden.Record{doc.ID: gold})
		if len(rep.Documents) == 1 {
			d := rep.Documents[0]
			p.Score = &d
		}
		p.Mistakes = rep.Mistakes
		gcards := make([]*card, len(gold))
		for gi := range gold {
			gcards[gi] = s.goldCard(gi, &gold[gi])
		}
		for _, m := range rep.Mistakes {
			applyMistake(m, cards, gcards)
		}
		aligned := map[int]int{}
		used := map[int]bool{}
		for _, pr := range s.scorer.Align(p.preds, gold) {
			aligned[pr[1]] = pr[0]
			used[pr[0]] = true
		}
		for gi, gc := range gcards {
			row := pairRow{Gold: gc}
			if pi, ok := aligned[gi]; ok {
				row.Pred = cards[pi]
			} else {
				gc.Status = "missing"
				if rg, ok := findQuote(text, gc.Quote); ok {
					gc.Marked = true
					marks = append(marks, mark{start: rg[0], end: rg[1], field: gc.Key + "-quote"})
				}
			}
			p.Cards = append(p.Cards, row)
		}
		for pi, c := range cards {
			if !used[pi] {
				c.Status = "spurious"
				p.Cards = append(p.Cards, pairRow{Pred: c})
			}
		}
	}
	p.Paragraphs = paragraphs(a, evidence, marks)
	p.Kinds = spanKinds()
	return p, nil
}

func spanKinds() []string {
	return []string{pipeline.SpanTrigger, pipeline.SpanDate, pipeline.SpanNumber, pipeline.SpanPlace,
		pipeline.SpanGroup, pipeline.SpanWeapon, pipeline.SpanTarget}
}

// goldCard shows a golden record's fields as the schema orders them.
func (s *Site) goldCard(gi int, g *golden.Record) *card {
	c := &card{Key: fmt.Sprintf("g%d", gi), Index: gi, Quote: g.Quote}
	for _, f := range s.schema.Fields {
		v := "null"
		if f.Kind == rules.KindSet {
			v = strings.Join(g.List(f.Name), ", ")
		} else if t, ok := g.Value(f.Name); ok {
			v = t
		}
		c.Fields = append(c.Fields, fieldView{Name: f.Name, Value: v})
	}
	return c
}

// applyMistake marks a mistake on the cards it is about.
func applyMistake(m golden.Mistake, preds, golds []*card) {
	show := func(v *string) string {
		if v == nil {
			return "null"
		}
		return *v
	}
	set := func(c *card, kind, note string) {
		for i := range c.Fields {
			if c.Fields[i].Name != m.Field {
				continue
			}
			f := &c.Fields[i]
			f.Mistake = kind
			if f.Note != "" {
				f.Note += "; "
			}
			f.Note += note
		}
	}
	var pc, gc *card
	if m.PredIndex >= 0 && m.PredIndex < len(preds) {
		pc = preds[m.PredIndex]
	}
	if m.GoldIndex >= 0 && m.GoldIndex < len(golds) {
		gc = golds[m.GoldIndex]
	}
	if m.Field == "incident" {
		return // whole records: marked by alignment
	}
	switch m.Kind {
	case golden.KindWrong:
		if pc != nil {
			set(pc, m.Kind, "golden: "+show(m.Gold))
		}
		if gc != nil {
			set(gc, m.Kind, "predicted: "+show(m.Pred))
		}
	case golden.KindMissing:
		if pc != nil {
			set(pc, m.Kind, "golden has "+show(m.Gold))
		}
		if gc != nil {
			set(gc, m.Kind, "not predicted")
		}
	case golden.KindSpurious:
		if pc != nil {
			set(pc, m.Kind, "not in golden: "+show(m.Pred))
		}
		if gc != nil {
			set(gc, m.Kind, "predicted "+show(m.Pred))
		}
	}
}

// provenanceRanges finds, in the record's evidence sentences, the text each
// provenance entry quotes ("rule [text]; rule [text]").
func provenanceRanges(text string, evs []pipeline.Evidence, prov string) [][2]int {
	var out [][2]int
	rest := prov
	for {
		open := strings.IndexByte(rest, '[')
		if open < 0 {
			break
		}
		end := strings.IndexByte(rest[open:], ']')
		if end < 0 {
			break
		}
		quoted := rest[open+1 : open+end]
		rest = rest[open+end+1:]
		if quoted == "" {
			continue
		}
		for _, ev := range evs {
			if ev.Start < 0 || ev.End > len(text) || ev.Start >= ev.End {
				continue
			}
			if i := strings.Index(text[ev.Start:ev.End], quoted); i >= 0 {
				out = append(out, [2]int{ev.Start + i, ev.Start + i + len(quoted)})
				break
			}
		}
	}
	return out
}

// findQuote finds a golden quote in the cleaned text, as given or with its
// spaces collapsed.
func findQuote(text, quote string) ([2]int, bool) {
	q := strings.TrimSpace(quote)
	if q == "" {
		return [2]int{}, false
	}
	if i := strings.Index(text, q); i >= 0 {
		return [2]int{i, i + len(q)}, true
	}
	return [2]int{}, false
}

// paragraphs cuts the cleaned text into blocks, sentences and pieces.
func paragraphs(a pipeline.Annotated, evidence map[[2]int][]string, marks []mark) []paragraph {
	text := a.Cleaned.Text
	bySentence := map[int][]pipeline.Sentence{}
	for _, s := range a.Sentences {
		bySentence[s.Block] = append(bySentence[s.Block], s)
	}
	// evidence that is not exactly one sentence marks the sentences it covers
	partial := map[int][]string{}
	for key, ids := range evidence {
		exact := false
		for _, s := range a.Sentences {
			if s.Start == key[0] && s.End == key[1] {
				exact = true
				break
			}
		}
		if exact {
			continue
		}
		for i, s := range a.Sentences {
			if s.Start < key[1] && key[0] < s.End {
				partial[i] = append(partial[i], ids...)
			}
		}
	}
	index := map[[2]int]int{}
	for i, s := range a.Sentences {
		index[[2]int{s.Start, s.End}] = i
	}
	var out []paragraph
	for bi, b := range a.Cleaned.Blocks {
		par := paragraph{Heading: b.Heading || b.Kind != pipeline.BlockParagraph}
		sents := bySentence[bi]
		if len(sents) == 0 {
			par.Sentences = []sentenceView{{Pieces: pieces(text, b.Start, b.End, marks)}}
			out = append(out, par)
			continue
		}
		pos := b.Start
		for _, s := range sents {
			if s.Start > pos {
				par.Sentences = append(par.Sentences, sentenceView{Pieces: pieces(text, pos, s.Start, marks)})
			}
			i := index[[2]int{s.Start, s.End}]
			ids := append(append([]string{}, evidence[[2]int{s.Start, s.End}]...), partial[i]...)
			sort.Strings(ids)
			par.Sentences = append(par.Sentences, sentenceView{
				ID:       fmt.Sprintf("s%d", i),
				Evidence: strings.Join(ids, " "),
				Pieces:   pieces(text, s.Start, s.End, marks),
			})
			pos = max(pos, s.End)
		}
		if pos < b.End {
			par.Sentences = append(par.Sentences, sentenceView{Pieces: pieces(text, pos, b.End, marks)})
		}
		out = append(out, par)
	}
	return out
}

// pieces cuts text[start:end] at every mark boundary inside it.
func pieces(text string, start, end int, marks []mark) []piece {
	cuts := []int{start, end}
	var in []mark
	for _, m := range marks {
		if m.start < end && start < m.end {
			in = append(in, m)
			cuts = append(cuts, max(m.start, start), min(m.end, end))
		}
	}
	sort.Ints(cuts)
	var out []piece
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		if a == b {
			continue
		}
		var kinds, titles, fields []string
		for _, m := range in {
			if m.start <= a && b <= m.end {
				if m.kind != "" {
					if k := "k-" + m.kind; !contains(kinds, k) {
						kinds = append(kinds, k)
					}
					titles = append(titles, m.title)
				}
				if m.field != "" && !contains(fields, m.field) {
					fields = append(fields, m.field)
				}
			}
		}
		out = append(out, piece{Text: text[a:b], Kinds: strings.Join(kinds, " "),
			Title: strings.Join(titles, "\n"), Fields: strings.Join(fields, " ")})
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// DocFile is a document's page file name: its id with every byte that is
// not a letter, digit, dot or dash made an underscore, and a hash of the
// id, so two ids never share a page and no id leaves the folder.
func DocFile(id string) string {
	var b strings.Builder
	for _, r := range id {
		if b.Len() >= 80 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		case r == '.' && b.Len() > 0:
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return fmt.Sprintf("%s-%08x.html", b.String(), fnv32(id))
}

func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}
