package pipeline

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/english"

	"incidentkit/extractors/dates"
	"incidentkit/extractors/places"
	"incidentkit/rules"
)

// segmenter cuts a paragraph into sentences, as byte ranges.
type segmenter interface {
	split(text string) [][2]int
}

// newSegmenter builds the sentence splitter a language folder names.
func newSegmenter(l *rules.Language) (segmenter, error) {
	switch l.Segmenter {
	case "punkt-english":
		t, err := english.NewSentenceTokenizer(nil)
		if err != nil {
			return nil, fmt.Errorf("sentence model: %w", err)
		}
		return punkt{t}, nil
	case "rules":
		abbr := map[string]bool{}
		for _, a := range l.Abbreviations {
			abbr[strings.ToLower(strings.TrimSuffix(a, "."))] = true
		}
		return ruleSegmenter{abbr: abbr}, nil
	}
	return nil, fmt.Errorf("unknown segmenter %q", l.Segmenter)
}

// punkt is prose's English Punkt model (sentences.v1), built once per
// process: prose rebuilds it on every NewDocument and returns sentences
// without offsets, and evidence needs byte offsets.
type punkt struct {
	t *sentences.DefaultSentenceTokenizer
}

func (p punkt) split(text string) [][2]int {
	var out [][2]int
	for _, s := range p.t.Tokenize(text) {
		out = append(out, [2]int{s.Start, s.End})
	}
	return out
}

// ruleSegmenter splits after ".", "!" or "?" followed by a space and an
// upper-case letter (or a quote or a digit), unless the word before the
// period is an abbreviation of the language.
type ruleSegmenter struct{ abbr map[string]bool }

func (r ruleSegmenter) split(text string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		if j >= len(text) || text[j] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(text[j+1:])
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || next == '"' || next == '«' || next == '“') {
			continue
		}
		if c == '.' {
			w := text[start:i]
			if k := strings.LastIndexAny(w, " (\"«“"); k >= 0 {
				w = w[k+1:]
			}
			if r.abbr[strings.ToLower(w)] {
				continue
			}
		}
		out = append(out, [2]int{start, j})
		start = j + 1
	}
	if start < len(text) {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}

// Segment splits the non-heading blocks into sentences and notes the year the
// section heading above each gives.
func (e *Engine) Segment(c Cleaned) []Sentence {
	var out []Sentence
	headingYear, section := 0, -1
	dateLine, placeLine, entry := "", "", false
	entryBlock := -1 // the first line of an entry read line by line (below), -1: none
	for bi, b := range c.Blocks {
		text := c.Text[b.Start:b.End]
		// Inside an entry (under its date line), a short line that is no
		// date, place or titled heading is a line of the entry: a table
		// flattened to one cell a line gives "16 June 2011" / "Abuja police
		// headquarters bombing" / "2 killed" / the description.
		inEntry := b.Heading && dateLine != "" && dates.HeadingYear(text) == 0 && !e.isDateLine(text) && !e.isPlaceLine(text) && c.Blocks[bi-1].Heading
		if b.Heading && !inEntry {
			entryBlock = -1
			// A heading with no year of its own ("=== March ===", "2
			// January", "Appendix A") keeps the year of the one above.
			if y := dates.HeadingYear(text); y > 0 {
				headingYear = y
			}
			section = bi
			// A chronology's entry opens with a date line, a place line or
			// both ("2 January" / "Tajikistan"); any other heading closes it.
			switch {
			case e.isDateLine(text):
				dateLine, placeLine, entry = text, "", true
			case e.serialEntry(text) != nil:
				// "C-2     20 Apr 1963     Montreal": a numbered entry's
				// date and place on one line.
				parts := e.serialEntry(text)
				dateLine, placeLine, entry = parts[0], parts[1], true
			case e.isPlaceLine(text):
				placeLine, entry = text, true
			default:
				dateLine, placeLine, entry = "", "", false
			}
			continue
		}
		if b.Kind == BlockDateline {
			continue
		}
		first := entry
		entry = false
		// The lines of such an entry and the paragraph right after them
		// are one paragraph: what one line tells, the next completes.
		block := bi
		switch {
		case inEntry && entryBlock < 0:
			entryBlock = bi
		case inEntry:
			block = entryBlock
		case entryBlock >= 0:
			block, entryBlock = entryBlock, -1
		}
		for _, s := range e.segmenter.split(text) {
			start, end := s[0], s[1]
			for start < end && isSpace(text[start]) {
				start++
			}
			for end > start && isSpace(text[end-1]) {
				end--
			}
			if start >= end {
				continue
			}
			st := Sentence{Start: b.Start + start, End: b.Start + end, Text: text[start:end], Block: block,
				HeadingYear: headingYear, Section: section, DateLine: dateLine, PlaceLine: placeLine, Entry: first}
			if at, skip, ok := e.twoEvents(st.Text); ok {
				left, right := st, st
				left.End, left.Text = st.Start+at, st.Text[:at]
				right.Start, right.Text, right.Entry, right.Split = st.Start+at+skip, st.Text[at+skip:], false, true
				out = append(out, left, right)
			} else {
				out = append(out, st)
			}
			first = false
		}
	}
	return out
}

// serialEntry reads a heading that numbers an entry and gives its date and
// place ("C-2 20 Apr 1963 Montreal", "12. 3 May 1988 – Omagh"): the date
// and the place (or "") as a date line and a place line; nil otherwise.
func (e *Engine) serialEntry(text string) []string {
	if e.serialMark == nil {
		return nil
	}
	t := strings.TrimSpace(text)
	m := e.serialMark.FindStringIndex(t)
	if m == nil {
		return nil
	}
	rest := t[m[1]:]
	ds := e.dating.x.Extract(rest, dates.Context{})
	if len(ds) == 0 || ds[0].Start != 0 || ds[0].Month == 0 {
		return nil
	}
	place := strings.TrimSpace(strings.Trim(strings.TrimSpace(rest[ds[0].End:]), "-–—:,|"))
	if place != "" {
		if _, ok := e.places.Lookup(place); !ok {
			return nil
		}
	}
	return []string{rest[:ds[0].End], place}
}

// isDateLine reports a heading that is a date and nothing else: "2
// January", "2-13 January", "- 8 January", "January 9:", "March 5, 2003".
func (e *Engine) isDateLine(text string) bool {
	t := strings.TrimSpace(strings.Trim(strings.TrimSpace(text), "-–—•*:=."))
	if t == "" || len(t) > 40 {
		return false
	}
	ds := e.dating.x.Extract(t, dates.Context{})
	if len(ds) == 0 {
		return false
	}
	d := ds[0]
	return d.Start <= 1 && d.End >= len(t)-1 && d.Month > 0
}

// isPlaceLine reports a heading that names a country or a first-level
// region and nothing else: "Tajikistan", "West Bank", "Chechnya".
func (e *Engine) isPlaceLine(text string) bool {
	t := strings.TrimSpace(strings.Trim(strings.TrimSpace(text), "-–—•*:=."))
	if t == "" || len(t) > 40 || strings.Count(t, " ") > 3 {
		return false
	}
	p, ok := e.places.Lookup(t)
	return ok && (p.Kind == places.KindCountry || p.Kind == places.KindRegion)
}

// twoEvents finds where a sentence telling two events splits: a clause
// joiner (", and", "; ") with a date and a place on each side, the places in
// different regions ("Three policemen were killed in Ingushetia on
// Saturday, and two officers were injured in Chechnya Sunday"). at is the
// end of the first clause, skip the joiner's length with the spaces after.
func (e *Engine) twoEvents(text string) (at, skip int, ok bool) {
	joined := false
	for _, sep := range e.anyJoiners {
		if strings.Contains(text, sep) {
			joined = true
			break
		}
	}
	if !joined {
		return 0, 0, false
	}
	if at, skip, ok := e.separateClause(text); ok {
		return at, skip, true
	}
	if e.dateWordsIn(text) < 2 {
		return 0, 0, false
	}
	ds := e.dating.x.Extract(text, dates.Context{})
	if len(ds) < 2 {
		return 0, 0, false
	}
	return e.splitAt(text, func(at, from int) bool {
		return dateEachSide(ds, at, from) && e.placedApart(text[:at], text[from:])
	})
}

// splitAt finds the first clause joiner of text, each side 20 bytes or
// more, where ok says the sentence splits: at is the end of the first
// clause, skip the joiner's length with the spaces after it.
func (e *Engine) splitAt(text string, ok func(at, from int) bool) (at, skip int, found bool) {
	return splitAtAny(text, e.clauseJoiners, ok)
}

// splitAtAny is splitAt over the joiners given.
func splitAtAny(text string, joiners []string, ok func(at, from int) bool) (at, skip int, found bool) {
	for _, sep := range joiners {
		for i := 0; ; {
			k := strings.Index(text[i:], sep)
			if k < 0 {
				break
			}
			at = i + k
			i = at + len(sep)
			for i < len(text) && text[i] == ' ' {
				i++
			}
			if at >= 20 && len(text)-i >= 20 && ok(at, i) {
				return at, i - at, true
			}
		}
	}
	return 0, 0, false
}

// separateClause finds a joiner followed by a clause that says it tells
// another event ("; the same day, ...", ", and in a separate attack ..."),
// each side naming a place of its own.
// A bare "and" joins two events when the clause after it opens with an
// event of its own, in another region ("... shot dead a merchant in Kasur
// district and a grenade attack in Quetta wounded four policemen").
func (e *Engine) separateClause(text string) (at, skip int, ok bool) {
	twoPlaces := func(at, from int) bool {
		lp, rp := e.places.Find(text[:at], places.Hint{}), e.places.Find(text[from:], places.Hint{})
		return len(lp) > 0 && len(rp) > 0 && lp[len(lp)-1].Name != rp[0].Name
	}
	opensWith := func(from int, openers []string) bool {
		rest := strings.ToLower(text[from:])
		for _, o := range openers {
			if strings.HasPrefix(rest, o+" ") || strings.HasPrefix(rest, o+",") {
				return true
			}
		}
		return false
	}
	if at, skip, ok := e.splitAt(text, func(at, from int) bool {
		return opensWith(from, e.separateOpeners) && twoPlaces(at, from)
	}); ok {
		return at, skip, ok
	}
	// (in another region: a second blast in the same region may be the
	// same attack told again)
	return splitAtAny(text, e.eventJoiners, func(at, from int) bool {
		return opensWith(from, e.eventOpeners) && e.placedApart(text[:at], text[from:])
	})
}

// dateWordsIn counts the words of text that name a day or a month
// ("Saturday", "May", "yesterday"): a cheap gate before reading dates.
func (e *Engine) dateWordsIn(text string) int {
	n := 0
	for i := 0; i < len(text); {
		for i < len(text) && !isLetter(text[i]) {
			i++
		}
		j := i
		for j < len(text) && isLetter(text[j]) {
			j++
		}
		if j > i && e.dateWords[text[i:j]] {
			n++
		}
		i = j
	}
	return n
}

// dateEachSide reports a date before at and one from from on.
func dateEachSide(ds []dates.Date, at, from int) bool {
	before, after := false, false
	for _, d := range ds {
		before = before || d.End <= at
		after = after || d.Start >= from
	}
	return before && after
}

// placedApart reports two clauses that each name a place, no place of one
// in the region of a place of the other.
func (e *Engine) placedApart(left, right string) bool {
	lp, rp := e.places.Find(left, places.Hint{}), e.places.Find(right, places.Hint{})
	if len(lp) == 0 || len(rp) == 0 {
		return false
	}
	for _, a := range lp {
		for _, b := range rp {
			if a.Country == b.Country && (a.Region == b.Region || a.Region == "" || b.Region == "") {
				return false
			}
		}
	}
	return true
}
