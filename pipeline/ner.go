package pipeline

import (
	"strings"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"

	"incidentkit/extractors/places"
)

// nerFallback finds a place for an incident the gazetteer could not place,
// with prose's statistical NER. It runs only on the first sentence of such
// incidents: NER costs far more than every rule above, and the gazetteer and
// alias tables are right more often (prose labels "Islamic State" PERSON).
type nerFallback struct {
	model      *prose.Model // loaded once, shared read-only by all goroutines
	gaz        *places.Gazetteer
	isGroup    func(string) bool // a group or a day's or month's name: prose takes "Taliban" and "August" for places
	locative   func(string) bool // "in X", "near X", not "the border with X"
	settlement map[string]bool   // "the village of X"
}

func newNERFallback(gaz *places.Gazetteer, isGroup, locative func(string) bool, settlement map[string]bool) (*nerFallback, error) {
	// prose exposes its default model only through a document; building one
	// tiny document loads it once for the whole process.
	d, err := prose.NewDocument("Paris", prose.WithSegmentation(false))
	if err != nil {
		return nil, err
	}
	return &nerFallback{model: d.Model, gaz: gaz, isGroup: isGroup, locative: locative, settlement: settlement}, nil
}

// maxNERText bounds the text given to prose, whose cost grows faster than
// the text: a sentence of prose is far shorter, a 2 MB "sentence" (a dump
// without stops) is read for its first maxNERText bytes only.
const maxNERText = 4096

// cutAtSpace is s cut to at most n bytes, at its last space if it has one
// (else at a rune boundary).
func cutAtSpace(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexByte(s[:n], ' '); i > 0 {
		return s[:i]
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// settlementOf: the text ends with "<settlement word> of" ("the village of").
func (n *nerFallback) settlementOf(text string) bool {
	w := strings.Fields(strings.ToLower(text))
	return len(w) >= 2 && w[len(w)-1] == "of" && n.settlement[w[len(w)-2]]
}

// place returns a place for text: a GPE entity the gazetteer knows, or an
// unknown name introduced as "the village of X".
func (n *nerFallback) place(text string) (places.Place, bool) {
	text = cutAtSpace(text, maxNERText)
	// prose tags the whole sentence, far dearer than every rule: only a
	// capitalised word right after a locative ("in X", "the village of X")
	// could be taken, so a sentence with none is not worth tagging.
	if !n.candidate(text) {
		return places.Place{}, false
	}
	doc, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.UsingModel(n.model))
	if err != nil {
		return places.Place{}, false
	}
	for _, ent := range doc.Entities() {
		if ent.Label != "GPE" || n.isGroup(ent.Text) {
			continue
		}
		// Only where the sentence says "in X", "near X", "the village of X".
		i := strings.Index(text, ent.Text)
		if i < 0 || !(n.locative(text[max(0, i-48):i]) || n.settlementOf(text[:i])) {
			continue
		}
		if p, ok := n.gaz.Lookup(ent.Text); ok {
			p.Rule = "prose-ner+gazetteer"
			p.Text = ent.Text
			return p, true
		}
		if n.settlementOf(text[:i]) {
			p := places.Place{Name: ent.Text, Kind: places.KindPlace}
			p.Rule, p.Text = "prose-ner:settlement-of", ent.Text
			return p, true
		}
	}
	return places.Place{}, false
}

// candidate reports a capitalised word, not the sentence's first, right
// after a locative or a settlement word: what place would accept.
func (n *nerFallback) candidate(text string) bool {
	for i := 1; i < len(text); i++ {
		if text[i] < 'A' || text[i] > 'Z' || text[i-1] != ' ' {
			if text[i] < 0x80 || text[i-1] != ' ' {
				continue
			}
		}
		if n.locative(text[max(0, i-48):i]) || n.settlementOf(text[:i]) {
			return true
		}
	}
	return false
}
