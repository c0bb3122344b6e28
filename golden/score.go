package golden

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"incidentkit/rules"
)

// Scorer scores predicted records against golden ones by the fields of a schema
// (fields.yaml): which fields there are, which are core, and how text compares.
// It is read-only after New and safe for concurrent use.
type Scorer struct {
	schema  *rules.Schema
	scalars []rules.Field // in schema order: score.py's SCALARS for the default schema
	sets    []rules.Field
	core    map[string]bool
	date    string   // the field date alignment compares
	alignBy []string // the fields of which one must agree for a date pair (place, region)
}

// New builds a scorer for a schema.
func New(s *rules.Schema) *Scorer {
	g := &Scorer{schema: s, scalars: s.Scalars(), sets: s.Of(rules.KindSet), core: map[string]bool{}}
	for _, f := range s.Fields {
		if f.Core {
			g.core[f.Name] = true
		}
	}
	if ds := s.Of(rules.KindDate); len(ds) > 0 {
		g.date = ds[0].Name
	}
	for _, from := range []string{rules.FromPlace, rules.FromRegion} {
		if f := s.From(rules.KindText, from); f != nil {
			g.alignBy = append(g.alignBy, f.Name)
		}
	}
	return g
}

// folder holds the case-folding transformer. A cases.Caser keeps state between calls,
// so each Score call builds its own instead of sharing a package-level one.
type folder struct{ caser cases.Caser }

func newFolder() *folder { return &folder{caser: cases.Fold()} }

// fold mirrors score.py's fold: NFKD, then Unicode full case folding, then keep only
// characters that Python's str.isalnum accepts and that have combining class 0.
func (f *folder) fold(s string) string {
	s = f.casefold(norm.NFKD.String(s))
	var b strings.Builder
	for _, r := range s {
		if isPyAlnum(r) && norm.NFKD.PropertiesString(string(r)).CCC() == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPyAlnum approximates Python's str.isalnum for one character: letters (L*) and
// characters with a numeric type. Every character with a Unicode numeric type is in
// an N* category or is a letter (CJK numerals), so IsLetter||IsNumber is the same set.
func isPyAlnum(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// isPySpace is Python's str.isspace: Go's unicode.IsSpace plus the information
// separators U+001C..U+001F, which Python counts as whitespace (bidi class B/S).
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// ws mirrors score.py's ws: collapse whitespace runs to one space, trim, casefold.
func (f *folder) ws(s string) string {
	return f.casefold(strings.Join(strings.FieldsFunc(s, isPySpace), " "))
}

// casefold is Python's str.casefold. x/text folds Cherokee to its lowercase letters
// while Python (following CaseFolding.txt) folds them to the uppercase ones; the
// classes are the same, only the representative differs, and mapping back keeps
// the folded strings byte-identical to Python's. All other code points assigned in
// Python's Unicode tables were checked to fold identically.
func (f *folder) casefold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xAB70 && r <= 0xABBF: // Cherokee small letters a..mv
			return r - 0xAB70 + 0x13A0
		case r >= 0x13F8 && r <= 0x13FD: // Cherokee small letters ye..mv
			return r - 8
		}
		return r
	}, f.caser.String(s))
}

// pyStr is str(x) for an optional string read from JSON: score.py turns a null quote
// or evidence text into "None", and that string takes part in quote matching.
func pyStr(s string, null bool) string {
	if null {
		return "None"
	}
	return s
}

// raw returns the value of a scalar field as text (counts in decimal) and whether it
// is non-null.
func (r *Record) raw(field string) (string, bool) {
	v := r.vals[field]
	if v.count != nil {
		return strconv.Itoa(*v.count), true
	}
	if v.text != nil {
		return *v.text, true
	}
	return "", false
}

// set returns the elements of a set field, deduplicated: score.py compares Python
// sets, so a value listed twice counts once.
func (r *Record) set(field string) map[string]bool {
	vals := r.vals[field].set
	m := make(map[string]bool, len(vals))
	for _, v := range vals {
		m[v] = true
	}
	return m
}

// norm mirrors score.py's norm_value: text fields fold and an empty fold counts as
// null; counts compare as integers, here via their canonical decimal form; category
// and date compare as given (an empty string is a value, not null).
func (f *folder) norm(r *Record, field rules.Field) (string, bool) {
	v, ok := r.raw(field.Name)
	if !ok {
		return "", false
	}
	switch {
	case field.Kind == rules.KindText && field.Compare == "name":
		v = f.foldName(v, field)
		return v, v != ""
	case field.Kind == rules.KindText:
		v = f.fold(v)
		return v, v != ""
	}
	return v, true
}

// foldName mirrors score.py's fold_name: fold word by word (a hyphen separates
// words), then drop the field's unit words ("Istanbul Province" is "Istanbul"; when
// only unit words are left, they stay) and a trailing word such as "City" of a name
// of two words or more.
func (f *folder) foldName(s string, field rules.Field) string {
	s = f.casefold(norm.NFKD.String(s))
	var b strings.Builder
	for _, r := range s {
		if norm.NFKD.PropertiesString(string(r)).CCC() == 0 {
			b.WriteRune(r)
		}
	}
	var words []string
	for _, w := range strings.FieldsFunc(strings.ReplaceAll(b.String(), "-", " "), isPySpace) {
		var k strings.Builder
		for _, r := range w {
			if isPyAlnum(r) {
				k.WriteRune(r)
			}
		}
		if k.Len() > 0 {
			words = append(words, k.String())
		}
	}
	if len(field.IgnoreWords) > 0 {
		var kept []string
		for _, w := range words {
			if !slices.Contains(field.IgnoreWords, w) {
				kept = append(kept, w)
			}
		}
		if len(kept) > 0 {
			words = kept
		}
	}
	if len(words) > 1 && slices.Contains(field.IgnoreLast, words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	return strings.Join(words, "")
}

// summary describes a record in one line (category, date, place, region) for the
// mistakes list.
func (g *Scorer) summary(r *Record) *string {
	var parts []string
	for _, f := range g.scalars {
		if f.Kind == rules.KindCount || f.From == rules.FromCountry || f.From == rules.FromGroup {
			continue
		}
		if v, ok := r.raw(f.Name); ok {
			parts = append(parts, v)
		}
	}
	s := strings.Join(parts, " ")
	return &s
}

// evidenceText joins a record's evidence sentences for display in mistakes.
func (r *Record) evidenceText() string {
	parts := make([]string, 0, len(r.Evidence))
	for _, e := range r.Evidence {
		parts = append(parts, e.Text)
	}
	return strings.Join(parts, " | ")
}

// pair is an aligned (predicted index, golden index) pair within one document.
type pair struct{ p, g int }

// align mirrors score.py's greedy alignment. Pass 1 walks the golden records in file
// order and gives each the first unused predicted record whose evidence contains its
// quote. Pass 2 walks the golden records left over, in order, and gives each the first
// unused predicted record with the same date (raw string equality, golden date
// non-empty) and the same non-null folded place or region.
func (g *Scorer) align(f *folder, pred, gold []Record) []pair {
	used := make([]bool, len(pred))
	var pairs []pair
	var left []int
	// Whitespace-normalised evidence texts are computed once per record.
	evid := make([][]string, len(pred))
	for pi := range pred {
		for _, e := range pred[pi].Evidence {
			evid[pi] = append(evid[pi], f.ws(pyStr(e.Text, e.textNull)))
		}
	}
	for gi := range gold {
		q := f.ws(pyStr(gold[gi].Quote, gold[gi].quoteNull))
		hit := -1
		if q != "" {
			for pi := range pred {
				if used[pi] {
					continue
				}
				for _, t := range evid[pi] {
					if strings.Contains(t, q) {
						hit = pi
						break
					}
				}
				if hit >= 0 {
					break
				}
			}
		}
		if hit < 0 {
			left = append(left, gi)
			continue
		}
		used[hit] = true
		pairs = append(pairs, pair{hit, gi})
	}
	for _, gi := range left {
		gr := &gold[gi]
		gd := gr.Text(g.date)
		if gd == nil || *gd == "" {
			continue
		}
		for pi := range pred {
			p := &pred[pi]
			if pd := p.Text(g.date); used[pi] || pd == nil || *pd != *gd {
				continue
			}
			same := false
			for _, name := range g.alignBy {
				fld := *g.schema.Field(name)
				gv, gok := f.norm(gr, fld)
				pv, pok := f.norm(p, fld)
				if gok && pok && gv == pv {
					same = true
				}
			}
			if same {
				used[pi] = true
				pairs = append(pairs, pair{pi, gi})
				break
			}
		}
	}
	return pairs
}

// Score compares predicted records with the golden ones. Only documents that have a
// golden entry are scored; predicted records of other documents are ignored, as are
// records whose doc is JSON null. Documents are visited in golden file-name order.
func (g *Scorer) Score(pred []Record, gold map[string][]Record) *Report {
	f := newFolder()
	byDoc := make(map[string][]Record)
	for _, r := range pred {
		if r.docNull {
			continue // score.py keys these by None, which no golden file matches
		}
		byDoc[r.Doc] = append(byDoc[r.Doc], r)
	}
	rep := &Report{}
	total := g.newCounts()
	for _, doc := range sortedDocs(gold) {
		gr := gold[doc]
		p := byDoc[doc]
		c := g.newCounts()
		k := g.scoreDoc(f, doc, p, gr, c, &rep.Mistakes)
		var core Counts
		for _, fld := range g.scalars {
			if g.core[fld.Name] {
				core.add(c[fld.Name])
			}
		}
		for fld, v := range c {
			t := total[fld]
			t.add(v)
			total[fld] = t
		}
		rep.Documents = append(rep.Documents, DocScore{
			Doc: doc, Predicted: len(p), Golden: len(gr), Aligned: k, Core: core.prf(),
		})
		rep.Predicted += len(p)
		rep.Golden += len(gr)
		rep.Aligned += k
	}
	var core, all Counts
	for _, fld := range g.scalars {
		if g.core[fld.Name] {
			core.add(total[fld.Name])
		}
	}
	for _, fld := range append(append([]rules.Field{}, g.scalars...), g.sets...) {
		all.add(total[fld.Name])
		rep.Fields = append(rep.Fields, FieldScore{Field: fld.Name, PRF: total[fld.Name].prf()})
	}
	rep.Core = core.prf()
	rep.All = all.prf()
	rep.Incidents = Counts{TP: rep.Aligned, FP: rep.Predicted - rep.Aligned, FN: rep.Golden - rep.Aligned}.prf()
	return rep
}

func (g *Scorer) newCounts() map[string]Counts {
	m := make(map[string]Counts)
	for _, f := range g.schema.Fields {
		m[f.Name] = Counts{}
	}
	return m
}

// scoreDoc mirrors score.py's score_doc, adding to c and appending one Mistake per
// false positive or false negative (a wrong value on an aligned pair is one Mistake
// standing for one FP and one FN). It returns the number of aligned pairs.
func (g *Scorer) scoreDoc(f *folder, doc string, pred, gold []Record, c map[string]Counts, mistakes *[]Mistake) int {
	first := len(*mistakes)
	defer func() {
		for i := first; i < len(*mistakes); i++ {
			m := &(*mistakes)[i]
			m.Sentence = sentence(f, pred, gold, m)
		}
	}()
	pairs := g.align(f, pred, gold)
	goldOf := make(map[int]int, len(pairs)) // predicted index -> golden index
	predOf := make(map[int]int, len(pairs)) // golden index -> predicted index
	for _, pr := range pairs {
		goldOf[pr.p] = pr.g
		predOf[pr.g] = pr.p
	}
	mk := func(field, kind string, pi, gi int) Mistake {
		m := Mistake{Doc: doc, Field: field, Kind: kind, PredIndex: pi, GoldIndex: gi}
		if pi >= 0 {
			m.Evidence = pred[pi].evidenceText()
			rule := field
			if field == "incident" {
				rule = g.firstField()
			}
			m.Rule = pred[pi].Provenance[rule]
		}
		if gi >= 0 {
			m.Quote = gold[gi].Quote
		}
		return m
	}
	// Whole records that were not aligned; their values are shown as a short summary.
	for pi := range pred {
		if _, ok := goldOf[pi]; !ok {
			m := mk("incident", KindSpurious, pi, -1)
			m.Pred = g.summary(&pred[pi])
			*mistakes = append(*mistakes, m)
		}
	}
	for gi := range gold {
		if _, ok := predOf[gi]; !ok {
			m := mk("incident", KindMissing, -1, gi)
			m.Gold = g.summary(&gold[gi])
			*mistakes = append(*mistakes, m)
		}
	}
	for _, fd := range g.scalars {
		fld := fd.Name
		cnt := c[fld]
		for pi := range pred {
			pv, ok := f.norm(&pred[pi], fd)
			if !ok {
				continue
			}
			gi, aligned := goldOf[pi]
			if !aligned {
				gi = -1
			}
			var gv string
			gok := false
			if aligned {
				gv, gok = f.norm(&gold[gi], fd)
			}
			if gok && gv == pv {
				cnt.TP++
				continue
			}
			cnt.FP++
			kind := KindSpurious
			if gok {
				kind = KindWrong // the golden side's FN is counted below, not reported twice
			}
			m := mk(fld, kind, pi, gi)
			m.Pred = rawPtr(&pred[pi], fld)
			if aligned {
				m.Gold = rawPtr(&gold[gi], fld)
			}
			*mistakes = append(*mistakes, m)
		}
		for gi := range gold {
			gv, ok := f.norm(&gold[gi], fd)
			if !ok {
				continue
			}
			pi, aligned := predOf[gi]
			if aligned {
				pv, pok := f.norm(&pred[pi], fd)
				if pok && pv == gv {
					continue // TP, counted on the predicted side
				}
				cnt.FN++
				if pok {
					continue // reported above as KindWrong
				}
				m := mk(fld, KindMissing, pi, gi)
				m.Gold = rawPtr(&gold[gi], fld)
				m.Pred = rawPtr(&pred[pi], fld) // a value that folds to nothing, or nil
				*mistakes = append(*mistakes, m)
				continue
			}
			cnt.FN++
			m := mk(fld, KindMissing, -1, gi)
			m.Gold = rawPtr(&gold[gi], fld)
			*mistakes = append(*mistakes, m)
		}
		c[fld] = cnt
	}
	for _, fd := range g.sets {
		fld := fd.Name
		cnt := c[fld]
		for pi := range pred {
			pv := pred[pi].set(fld)
			gv := map[string]bool{}
			gi, aligned := goldOf[pi]
			if aligned {
				gv = gold[gi].set(fld)
			} else {
				gi = -1
			}
			for _, v := range sortedKeys(pv) {
				if gv[v] {
					cnt.TP++
					continue
				}
				cnt.FP++
				m := mk(fld, KindSpurious, pi, gi)
				m.Pred = &v
				*mistakes = append(*mistakes, m)
			}
		}
		for gi := range gold {
			gv := gold[gi].set(fld)
			pi, aligned := predOf[gi]
			pv := map[string]bool{}
			if aligned {
				pv = pred[pi].set(fld)
			} else {
				pi = -1
			}
			for _, v := range sortedKeys(gv) {
				if pv[v] {
					continue
				}
				cnt.FN++
				m := mk(fld, KindMissing, pi, gi)
				m.Gold = &v
				*mistakes = append(*mistakes, m)
			}
		}
		c[fld] = cnt
	}
	return len(pairs)
}

// firstField is the field whose rule stands for a whole record (the
// category: the trigger that opened it).
func (g *Scorer) firstField() string {
	if len(g.scalars) == 0 {
		return ""
	}
	return g.scalars[0].Name
}

// sentence picks the one sentence a mistake is read with: for a missing
// value the golden quote (where the value is); otherwise the predicted
// record's evidence sentence that holds the predicted value or the text its
// rule matched ("[July 10]" at the end of the provenance entry), else its
// first evidence sentence.
func sentence(f *folder, pred, gold []Record, m *Mistake) string {
	if m.Kind == KindMissing && m.GoldIndex >= 0 && gold[m.GoldIndex].Quote != "" {
		return gold[m.GoldIndex].Quote
	}
	if m.PredIndex >= 0 {
		ev := pred[m.PredIndex].Evidence
		var cues []string
		if m.Pred != nil {
			cues = append(cues, *m.Pred)
		}
		if i := strings.LastIndex(m.Rule, " ["); i >= 0 && strings.HasSuffix(m.Rule, "]") {
			cues = append(cues, m.Rule[i+2:len(m.Rule)-1])
		}
		for _, c := range cues {
			if c == "" {
				continue
			}
			want := f.ws(c)
			for _, e := range ev {
				if strings.Contains(f.ws(e.Text), want) {
					return e.Text
				}
			}
		}
		if len(ev) > 0 {
			return ev[0].Text
		}
	}
	if m.GoldIndex >= 0 {
		return gold[m.GoldIndex].Quote
	}
	return ""
}

func rawPtr(r *Record, field string) *string {
	v, ok := r.raw(field)
	if !ok {
		return nil
	}
	return &v
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
