// Package numbers finds counts in English news sentences: "at least five
// suspected IS members", "2,400", "670+", "one of the attackers", "two sons and
// a nephew", "a policeman". Each count carries its qualifier and the noun
// phrase it counts, so the pipeline's casualty rules can decide who was
// counted without re-reading the text.
//
// The extractor is a single left-to-right pass over a token stream (see
// scan.go). Rules are small functions tried at each token, in order; each has
// a name that is reported in Number.Rule. Word lists are data in lexicon.go.
// Things that look like numbers but are not counts (years, days of a date,
// ages, clock times, model names, percentages, money, ordinals, decimals, IDs)
// are rejected by the scanner's token shape or by context checks.
package numbers

import (
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"incidentkit/extractors"
	"incidentkit/rules"
)

// Rule names, reported in Number.Rule.
const (
	RuleDigits         = "digits"             // "17", "2,400", "2 million"
	RuleDigitsPlus     = "digits-plus"        // "670+"
	RuleWords          = "words"              // "six", "twenty-two", "a dozen", "one hundred and forty-nine"
	RulePartitive      = "partitive"          // "one of the attackers", "two of his relatives"
	RuleBoth           = "both"               // "both attackers", "Both of the attackers", "both were killed"
	RuleNone           = "none"               // "no one", "nobody", "none of the passengers": Value 0
	RuleKinList        = "kin-list"           // "two sons and a nephew" -> 3
	RuleRangeLow       = "range-low"          // "100 to 150 people" -> 100
	RuleIndefiniteList = "indefinite-in-list" // "a civilian" in "six gunmen and a civilian"
	RuleIndefinite     = "indefinite-person"  // "a policeman" with no list around it; weaker evidence
	RuleOrdinalAnother = "ordinal-another"    // "a third" in "killing 2 police officers and wounding a third"
	RuleAnother        = "another"            // "another" in "killed one soldier and injured another"
)

// Number is one count found in a text.
type Number struct {
	extractors.Span        // the whole count phrase incl. qualifier, e.g. "at least five"; Rule = name of the pattern
	Value           int    // the number written (qualifiers do not change it: "at least 4" is 4)
	Qualifier       string // "" | "at least" | "more than" | "over" | "up to" | "about" | "nearly" | "almost" | "plus" | "all" | "both"
	// Noun is the noun phrase being counted ("police officers" in "17 police
	// officers"); zero when the text names none. For "another" and "a third"
	// Noun is zero and Head is inherited from the previous count.
	Noun extractors.Span
	Head string // lower-cased head noun of Noun ("officers"), "" when none
}

// Extractor holds the lexicon. It is read-only after New and so safe for
// concurrent use; per-call scratch space comes from a pool owned by the
// Extractor (not a package-level variable).
type Extractor struct {
	lex
	// trigger holds every lower-case word that can start a match, with the
	// kinds of match it can start. Most words in a sentence are not in it,
	// so one map lookup dismisses them (this is the hot path).
	trigger map[string]uint8
	pool    sync.Pool
}

// lex is the lexicon: the word classes of the language folder
// (rules/defaults/en/words/numbers.yaml), as maps for the hot loop.
type lex struct {
	units, teens, tens, scales           map[string]int
	ordinals, months, monthHomograph     map[string]bool
	afterNot, beforeNot                  map[string]bool
	yearPrep                             map[string]bool
	person, kin, stop                    map[string]bool
	beforeOne, afterOne                  map[string]bool
	partDet, partPron, partDem, bothOK   map[string]bool
	superl, pronDet, yearWords           map[string]bool
	ageAfter, ageBeforeOf, labels, syms  map[string]bool
	and, article, of, both, none, nobody map[string]bool
	another, listJoin, elided, plurals   map[string]bool
	predicative                          map[string]bool // "two policemen and a churchgoer dead": no part of the noun
	rangeJoin                            map[string]bool // "100 to 150 people": a range of counts
	pluralSingular, noSingular           map[string]bool
	quals                                map[string]string
}

// Trigger kinds.
const (
	trigNumber  uint8 = 1 << iota // a number word: "five", "twenty", "a" ("a dozen")
	trigQual                      // first word of a qualifier phrase: "at", "more", "some"
	trigSpecial                   // "both", "no", "another", "a" ...: the rules in matchAt's switch
)

// New builds an Extractor from the word classes of a language folder.
func New(cs *rules.Classes) *Extractor {
	ints := func(name string) map[string]int {
		c := cs.Word(name)
		m := map[string]int{}
		for _, w := range c.Words {
			if v, ok := c.Int(w); ok {
				m[strings.ToLower(w)] = v
			}
		}
		return m
	}
	set := func(name string) map[string]bool { return cs.Word(name).Set() }
	e := &Extractor{lex: lex{
		units: ints("number_unit"), teens: ints("number_teen"), tens: ints("number_tens"), scales: ints("number_scale"),
		ordinals: set("ordinal"), months: set("month_lower"), monthHomograph: set("month_homograph"),
		afterNot: set("not_count_after"), beforeNot: set("not_count_before"), yearPrep: set("year_preposition"),
		person: set("person_noun"), kin: set("kin_noun"), stop: set("np_stop"),
		beforeOne: set("not_count_before_one"), afterOne: set("not_count_after_one"),
		partDet: set("partitive_determiner"), partPron: set("partitive_pronoun"), partDem: set("partitive_demonstrative"),
		bothOK: set("after_both"), superl: set("superlative_word"), pronDet: set("pronoun_determiner"),
		yearWords: set("year_word"), ageAfter: set("age_after"), ageBeforeOf: set("age_before_of"),
		labels: set("number_label"), syms: set("number_symbol"),
		and: set("number_and"), article: set("number_article"), of: set("partitive_of"),
		both: set("count_both"), none: set("count_none"), nobody: set("count_nobody"), another: set("count_another"),
		listJoin: set("number_list_joiner"), elided: set("elided_noun"), plurals: set("plural_noun"), predicative: set("predicative_adjective"), rangeJoin: set("number_range_joiner"),
		pluralSingular: set("plural_as_singular"), noSingular: set("not_singular_noun"),
		quals: map[string]string{},
	}}
	q := cs.Word("qualifier")
	for _, w := range q.Words {
		e.quals[strings.ToLower(w)] = q.Value(w)
	}
	e.trigger = map[string]uint8{}
	for _, m := range []map[string]int{e.units, e.teens, e.tens} {
		for w := range m {
			e.trigger[w] |= trigNumber
		}
	}
	for q := range e.quals {
		first, _, _ := strings.Cut(q, " ")
		e.trigger[first] |= trigQual
	}
	for w := range e.article {
		e.trigger[w] |= trigNumber | trigSpecial
	}
	for _, m := range []map[string]bool{e.both, e.none, e.nobody, e.another} {
		for w := range m {
			first, _, _ := strings.Cut(w, " ")
			e.trigger[first] |= trigSpecial
		}
	}
	e.pool.New = func() any { return &state{toks: make([]token, 0, 64)} }
	return e
}

// state is the per-call scratch: the text, its ASCII-lowered copy (same byte
// length, so offsets agree) and the tokens.
type state struct {
	text, lower string
	toks        []token
	buf         []byte
	// lastEnd is the token index just past the previous emitted Number
	// (including its noun), -1 before any; it tells list continuations
	// ("and a civilian") from standalone mentions.
	lastEnd int
}

// w returns the lower-cased text of token i, or "" out of range.
func (st *state) w(i int) string {
	if i < 0 || i >= len(st.toks) {
		return ""
	}
	t := st.toks[i]
	return st.lower[t.s:t.e]
}

func (st *state) orig(i int) string {
	if i < 0 || i >= len(st.toks) {
		return ""
	}
	t := st.toks[i]
	return st.text[t.s:t.e]
}

func (st *state) isWord(i int) bool {
	return i >= 0 && i < len(st.toks) && st.toks[i].kind == tokWord
}

func (st *state) isNum(i int) bool {
	return i >= 0 && i < len(st.toks) && st.toks[i].kind == tokNum
}

// lowerASCII lowers only ASCII letters so the copy keeps byte offsets.
func lowerASCII(s string, buf []byte) (string, []byte) {
	buf = append(buf[:0], s...)
	ascii := true
	for i, c := range buf {
		if c >= 'A' && c <= 'Z' {
			buf[i] = c + 'a' - 'A'
		}
		ascii = ascii && c < utf8.RuneSelf
	}
	if ascii {
		return string(buf), buf
	}
	// Other scripts: lower every letter whose lower case has the same
	// width in UTF-8 (Cyrillic, Greek, accented Latin), so offsets into the
	// lowered copy stay offsets into the text.
	for i := 0; i < len(buf); {
		r, size := utf8.DecodeRune(buf[i:])
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == size {
			utf8.EncodeRune(buf[i:], l)
		}
		i += size
	}
	return string(buf), buf
}

// Extract returns the counts in text, in text order and non-overlapping.
func (e *Extractor) Extract(text string) []Number {
	if text == "" {
		return nil
	}
	st := e.pool.Get().(*state)
	defer func() {
		st.text, st.lower = "", ""
		e.pool.Put(st)
	}()
	st.text = text
	st.lower, st.buf = lowerASCII(text, st.buf)
	st.toks = tokenize(text, st.toks[:0])
	st.lastEnd = -1

	var out []Number
	for i := 0; i < len(st.toks); {
		n, next, ok := e.matchAt(st, i, out)
		if !ok {
			i++
			continue
		}
		out = e.emit(st, out, n, i, next)
		i = next
	}
	return out
}

// emit appends n (found at tokens [first, next)) to out, merging it into the
// previous count when both are family nouns joined by "and" ("two sons and a
// nephew" is one count of 3, as the contract's counting rules say).
func (e *Extractor) emit(st *state, out []Number, n Number, first, next int) []Number {
	// "About 100 to 150 people": a range of counts gives its lower bound,
	// with the noun after it.
	if len(out) > 0 && st.lastEnd >= 0 && first == st.lastEnd+1 && e.rangeJoin[st.w(st.lastEnd)] {
		p := &out[len(out)-1]
		if p.Head == "" && p.Noun.End == 0 && n.Head != "" && n.Value > p.Value {
			p.End = n.End
			p.Text = st.text[p.Start:p.End]
			p.Rule = RuleRangeLow
			p.Noun, p.Head = n.Noun, n.Head
			st.lastEnd = next
			return out
		}
	}
	if len(out) > 0 && st.lastEnd >= 0 && first == st.lastEnd+1 && e.and[st.w(st.lastEnd)] {
		p := &out[len(out)-1]
		if p.Head != "" && n.Head != "" && e.kin[p.Head] && e.kin[n.Head] && p.Noun.End > 0 {
			p.Value += n.Value
			p.End = n.Noun.End
			p.Text = st.text[p.Start:p.End]
			p.Rule = RuleKinList
			p.Noun = extractors.Span{Start: p.Noun.Start, End: n.Noun.End, Text: st.text[p.Noun.Start:n.Noun.End], Rule: "noun"}
			p.Head = n.Head
			st.lastEnd = next
			return out
		}
	}
	st.lastEnd = next
	return append(out, n)
}

// matchAt tries every rule at token i and returns the Number and the index of
// the first token after it (its noun included).
func (e *Extractor) matchAt(st *state, i int, out []Number) (Number, int, bool) {
	t := st.toks[i]
	if t.kind == tokPunct {
		return Number{}, 0, false
	}
	var trig uint8
	if t.kind == tokWord {
		w := st.w(i)
		trig = e.trigger[w]
		if trig == 0 {
			// "twenty-two" is the only trigger that is not a whole word.
			h := strings.IndexByte(w, '-')
			if h < 0 {
				return Number{}, 0, false
			}
			if _, ok := e.tens[w[:h]]; !ok {
				return Number{}, 0, false
			}
			trig = trigNumber
		}
	}
	// Qualifier + number: "at least five", "all four", "some 37,000".
	if trig&trigQual != 0 {
		for k := 3; k >= 1; k-- {
			q, ok := e.qualifierAt(st, i, k)
			if !ok {
				continue
			}
			if n, next, ok := e.countAt(st, i+k, i, q); ok {
				return n, next, true
			}
		}
	}
	if n, next, ok := e.countAt(st, i, i, ""); ok {
		return n, next, true
	}
	if t.kind != tokWord {
		return Number{}, 0, false
	}
	switch w := st.w(i); {
	case e.lex.both[w]:
		return e.countBoth(st, i)
	case e.none[w] || e.nobody[w] || e.nobody[w+" "+st.w(i+1)]:
		return e.countNone(st, i)
	case e.lex.another[w]:
		return e.countAnother(st, i, out)
	case e.article[w]:
		if e.ordinals[st.w(i+1)] {
			return e.ordinalAnother(st, i, out)
		}
		return e.indefinite(st, i)
	}
	return Number{}, 0, false
}

// qualifierAt reports whether the k tokens from i spell a qualifier phrase.
// The phrase is looked up as a substring of the lowered text, which needs the
// words separated by exactly one space; other spacing is too rare to matter
// and this keeps the lookup allocation-free.
func (e *Extractor) qualifierAt(st *state, i, k int) (string, bool) {
	if i+k >= len(st.toks) {
		return "", false
	}
	for j := i; j < i+k; j++ {
		if st.toks[j].kind != tokWord {
			return "", false
		}
		if j > i && st.toks[j].s != st.toks[j-1].e+1 {
			return "", false
		}
	}
	q, ok := e.quals[st.lower[st.toks[i].s:st.toks[i+k-1].e]]
	return q, ok
}

// countAt parses a number at token j (with a qualifier starting at token
// qStart when qual != ""), checks it is a count and attaches its noun.
func (e *Extractor) countAt(st *state, j, qStart int, qual string) (Number, int, bool) {
	v, end, rule, ok := e.parseNumber(st, j)
	if !ok || !e.isCount(st, j, end, v) {
		return Number{}, 0, false
	}
	if rule == RuleDigitsPlus && qual == "" {
		qual = "plus"
	}
	n := Number{Value: v, Qualifier: qual}
	n.Span = e.span(st, qStart, end, rule)
	next := end
	// Partitive: "one of the attackers", "two of his relatives", "five of whom".
	if e.of[st.w(end)] {
		k := end + 1
		if e.superlative(st, k) {
			return Number{}, 0, false // "one of the most violent", "one of the deadliest"
		}
		if e.partPron[st.w(k)] && !e.nounAfterPronoun(st, k) {
			n.Rule = RulePartitive
			return n, k + 1, true
		}
		for e.partDet[st.w(k)] && k < end+3 {
			k++ // "of the", "of the few", "of his"
		}
		// "one of the three attackers", "one of 17 victims": the inner
		// number is part of the noun phrase, not a second count.
		if _, ie, _, ok := e.parseNumber(st, k); ok {
			k = ie
		}
		if ns, ne, ok := e.nounPhrase(st, k); ok {
			n.Rule = RulePartitive
			e.setNoun(st, &n, ns, ne)
			return n, ne, true
		}
		if k > end+1 {
			// "of the" with no noun after it ("one of the few that ..."):
			// the count refers to things named elsewhere.
			n.Rule = RulePartitive
			return n, k, true
		}
		return n, next, true
	}
	if ns, ne, ok := e.nounPhrase(st, end); ok {
		e.setNoun(st, &n, ns, ne)
		next = ne
	}
	// "one" alone is often a pronoun ("one was captured"), which is a count;
	// but "the one", "no one", "one another" are not.
	if v == 1 && end == j+1 && st.toks[j].kind == tokWord && e.units[st.w(j)] == 1 {
		if e.beforeOne[st.w(j-1)] && qual == "" || e.afterOne[st.w(j+1)] {
			return Number{}, 0, false
		}
		// "a large one", "the other one": an adjective between a
		// determiner and "one" makes it a pronoun for a thing.
		if st.isWord(j-1) && qual == "" && e.pronDet[st.w(j-2)] {
			return Number{}, 0, false
		}
	}
	// "Khalilov, 22, opened fire": a bare number between commas after a
	// name is an age.
	if n.Head == "" && qual == "" && st.toks[j].kind == tokNum && st.w(j-1) == "," && st.w(end) == "," && v < 120 {
		if p := st.orig(j - 2); p != "" && p[0] >= 'A' && p[0] <= 'Z' {
			return Number{}, 0, false
		}
	}
	return n, next, true
}

// nounAfterPronoun tells "of those killed" / "of these men" (a noun follows)
// from "of them". Only "those"/"these" can take a noun.
func (e *Extractor) nounAfterPronoun(st *state, k int) bool {
	if !e.partDem[st.w(k)] {
		return false
	}
	_, _, ok := e.nounPhrase(st, k+1)
	return ok
}

// superlative reports "most X"/"least X"/"-est" at token k, optionally after
// a determiner: "one of the most violent", "one of the deadliest".
func (e *Extractor) superlative(st *state, k int) bool {
	if e.partDet[st.w(k)] {
		k++
	}
	w := st.w(k)
	if h := strings.IndexByte(w, '-'); h > 0 {
		w = w[:h] // "fastest-growing"
	}
	if e.superl[w] {
		return true
	}
	// Plural nouns never end in "est" ("priests", "guests" end in "sts").
	return len(w) > 5 && strings.HasSuffix(w, "est")
}

func (e *Extractor) span(st *state, first, end int, rule string) extractors.Span {
	s, en := st.toks[first].s, st.toks[end-1].e
	return extractors.Span{Start: s, End: en, Text: st.text[s:en], Rule: rule}
}

func (e *Extractor) setNoun(st *state, n *Number, ns, ne int) {
	n.Noun = e.span(st, ns, ne, "noun")
	n.Head = st.w(ne - 1)
}

// parseNumber reads a number at token j: digits ("17", "2,400", "1.5
// million", "670+") or number words ("twenty-two", "one hundred and
// forty-nine", "a dozen"). It returns the value and the first token after it.
func (e *Extractor) parseNumber(st *state, j int) (v, end int, rule string, ok bool) {
	if j < 0 || j >= len(st.toks) {
		return 0, 0, "", false
	}
	switch st.toks[j].kind {
	case tokNum:
		return e.parseDigits(st, j)
	case tokWord:
		return e.parseWords(st, j)
	}
	return 0, 0, "", false
}

// maxValue bounds every count so arithmetic cannot overflow on hostile input.
const maxValue = 1_000_000_000_000

func (e *Extractor) parseDigits(st *state, j int) (int, int, string, bool) {
	s := st.orig(j)
	v, decimal, ok := digitValue(s)
	if !ok {
		return 0, 0, "", false
	}
	end := j + 1
	if m, ok := e.scales[st.w(end)]; ok && m >= 1000 {
		// "1.5 million", "2 thousand": decimals only count with a scale.
		if decimal {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil || f*float64(m) > maxValue {
				return 0, 0, "", false
			}
			return int(f * float64(m)), end + 1, RuleDigits, true
		}
		if v > maxValue/m {
			return 0, 0, "", false
		}
		return v * m, end + 1, RuleDigits, true
	}
	if decimal {
		return 0, 0, "", false // "85.35"
	}
	// "670+" written with the plus glued on.
	if end < len(st.toks) && st.toks[end].kind == tokPunct && !st.toks[end].spaceBefr && st.w(end) == "+" {
		return v, end + 1, RuleDigitsPlus, true
	}
	return v, end, RuleDigits, true
}

// digitValue parses "17", "2,400", "37,000" and reports decimals ("1.5").
// Anything else with letters, hyphens, colons or slashes ("AK-74" never gets
// here, but "22-year-old", "08:45", "24/7", "1990s", "5.45x39mm" do) is not a
// count. Leading zeros and long digit runs are IDs or phone numbers.
func digitValue(s string) (v int, decimal, ok bool) {
	if len(s) > 1 && s[0] == '0' && s[1] != '.' {
		return 0, false, false
	}
	digits, group, sawComma, dots := 0, 0, false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			digits++
			group++
			if dots == 0 {
				v = v*10 + int(c-'0')
			}
		case c == ',':
			if dots > 0 || (sawComma && group != 3) || (!sawComma && group > 3) {
				return 0, false, false
			}
			sawComma = true
			group = 0
		case c == '.':
			if dots > 0 || (sawComma && group != 3) {
				return 0, false, false
			}
			dots++
			group = 0
		default:
			return 0, false, false
		}
		if digits > 12 {
			return 0, false, false
		}
	}
	if sawComma && dots == 0 && group != 3 {
		return 0, false, false
	}
	if !sawComma && dots == 0 && digits > 9 {
		return 0, false, false // phone or ID number
	}
	return v, dots > 0, true
}

// Word-number grammar states.
const (
	wsNone = iota
	wsUnit
	wsTeen
	wsTens
	wsScale
	wsAnd
	wsA
)

// parseWords reads number words. The grammar is small on purpose: units may
// follow tens ("twenty two"), scales multiply what came before ("two
// hundred", "a dozen"), "and" may only join a scale to what follows ("one
// hundred and forty-nine"). Bare "hundred" or "dozen" is not a number, and
// "dozens"/"hundreds" are not in the lexicon, so they give nothing.
func (e *Extractor) parseWords(st *state, j int) (int, int, string, bool) {
	total, cur, state := 0, 0, wsNone
	end := j
	for k := j; k < len(st.toks) && st.toks[k].kind == tokWord; k++ {
		w := st.w(k)
		if state == wsNone && e.article[w] {
			if _, ok := e.scales[st.w(k+1)]; !ok {
				break
			}
			cur, state = 1, wsA
			continue
		}
		if v, ok := e.units[w]; ok {
			if state != wsNone && state != wsTens && state != wsScale && state != wsAnd {
				break
			}
			cur += v
			state, end = wsUnit, k+1
			continue
		}
		if v, ok := e.teens[w]; ok {
			if state != wsNone && state != wsScale && state != wsAnd {
				break
			}
			cur += v
			state, end = wsTeen, k+1
			continue
		}
		if v, ok := e.tens[w]; ok {
			if state != wsNone && state != wsScale && state != wsAnd {
				break
			}
			cur += v
			state, end = wsTens, k+1
			continue
		}
		if v, ok := e.hyphenated(w); ok {
			if state != wsNone && state != wsScale && state != wsAnd {
				break
			}
			cur += v
			state, end = wsUnit, k+1
			continue
		}
		if m, ok := e.scales[w]; ok {
			if state == wsNone || state == wsAnd || state == wsScale && m <= 100 {
				break
			}
			if m >= 1000 {
				total += cur * m
				cur = 0
			} else {
				cur *= m
			}
			if total > maxValue || cur > maxValue {
				return 0, 0, "", false
			}
			state, end = wsScale, k+1
			continue
		}
		if e.and[w] && state == wsScale {
			nw := st.w(k + 1)
			_, u := e.units[nw]
			_, te := e.teens[nw]
			_, tn := e.tens[nw]
			_, hy := e.hyphenated(nw)
			if !u && !te && !tn && !hy {
				break
			}
			state = wsAnd
			continue
		}
		break
	}
	if end == j {
		return 0, 0, "", false
	}
	return total + cur, end, RuleWords, true
}

// hyphenated reads "twenty-two" style tokens.
func (e *Extractor) hyphenated(w string) (int, bool) {
	i := strings.IndexByte(w, '-')
	if i < 0 {
		return 0, false
	}
	t, ok := e.tens[w[:i]]
	if !ok {
		return 0, false
	}
	u, ok := e.units[w[i+1:]]
	if !ok || u == 0 {
		return 0, false
	}
	return t + u, true
}

// isCount rejects numbers whose context makes them something other than a
// count: years, days of a date, ages, percentages, money, clock times, labels.
func (e *Extractor) isCount(st *state, j, end, v int) bool {
	prev, next := st.w(j-1), st.w(end)
	if e.beforeNot[prev] {
		return false // "aged 19", "No 5", "$5", "Flight 9268" ("no one" has its own rule)
	}
	// Reference marks: "[12]", "(20)" after a name is an age.
	if prev == "[" && next == "]" {
		return false
	}
	if prev == "(" && next == ")" {
		if p := st.orig(j - 2); p != "" && p[0] >= 'A' && p[0] <= 'Z' {
			return false
		}
	}
	// "No. 1", "Nr. 5"
	if prev == "." && e.labels[st.w(j-2)] {
		return false
	}
	if e.afterNot[next] {
		return false
	}
	if e.yearWords[next] && e.ageAfter[st.w(end+1)] {
		return false // "19 years old"
	}
	if next == "-" && e.yearWords[st.w(end+1)] {
		return false // "19-year-old" written apart
	}
	// "the age of 19"
	if e.of[prev] && e.ageBeforeOf[st.w(j-2)] {
		return false
	}
	// "aged 25 and 31", "aged 19 to 24": the second age of a range.
	if (e.and[prev] || prev == "to" || prev == ",") && (st.isNum(j-2) || st.isWord(j-2)) {
		if e.beforeNot[st.w(j-3)] {
			return false
		}
	}
	isDigits := st.toks[j].kind == tokNum
	if isDigits && end == j+1 {
		s := st.orig(j)
		// A four-digit number without commas is a year unless it counts
		// people and nothing before it says "in"/"since"/...
		if len(s) == 4 && v >= 1000 && v <= 2100 {
			if e.yearPrep[prev] || e.isMonth(st, j-1) || e.isMonth(st, j-2) || !e.person[next] {
				return false
			}
		}
		// A day of a date: "18 February", "February 18", "18 of May".
		if v >= 1 && v <= 31 {
			if e.isMonth(st, j-1) || e.isMonth(st, end) || (e.of[next] && e.isMonth(st, end+1)) {
				return false
			}
		}
		// Runs of numbers are phone numbers, scores or references.
		if st.isNum(end) || st.isNum(j-1) {
			return false
		}
		// "Su 24", "A 321" are rare, but "+7", "$5", "€30" glue a symbol on.
		if j > 0 && st.toks[j-1].kind == tokPunct && !st.toks[j].spaceBefr && e.syms[st.w(j-1)] {
			return false
		}
	}
	return true
}

// isMonth reports a month name at token i. "May" and "March" are months only
// when capitalised, since "may" and "march" are common verbs.
func (e *Extractor) isMonth(st *state, i int) bool {
	w := st.w(i)
	if !e.months[w] {
		return false
	}
	if e.monthHomograph[w] {
		o := st.orig(i)
		return o[0] >= 'A' && o[0] <= 'Z'
	}
	return true
}

// nounPhrase reads the words after a count up to the head noun: modifiers
// ("suspected", "IS-linked", "Islamic State", "Tajik") then the noun, stopping
// at a verb, preposition, conjunction, number or punctuation, at most six
// words. Trailing participles and adverbs are dropped ("one policeman
// injured" -> "policeman"). It returns the token range [ns, ne).
func (e *Extractor) nounPhrase(st *state, k int) (int, int, bool) {
	ns, ne := k, k
	for ; ne < len(st.toks) && ne-ns < 6; ne++ {
		if !st.isWord(ne) {
			break
		}
		w, o := st.w(ne), st.orig(ne)
		if hasDigit(w) {
			break // "A321", "AK-47": a model name, not part of the counted noun
		}
		// An all-capitals word is an acronym ("IS", "US", "FSB"), never a
		// stop word.
		if e.stop[w] && !isAcronym(o) {
			break
		}
		if _, ok := e.units[w]; ok {
			break
		}
		if _, ok := e.tens[w]; ok {
			break
		}
		if _, ok := e.teens[w]; ok {
			break
		}
		// A plural person noun heads its phrase: a lower-case word after it
		// is the verb ("two assailants kill one policeman", "two gunmen
		// stab ..."), unless it is another person noun ("two women
		// journalists").
		if e.person[w] && e.isPlural(w) && ne+1 < len(st.toks) && st.isWord(ne+1) {
			if o2 := st.orig(ne + 1); o2 != "" && o2[0] >= 'a' && o2[0] <= 'z' && !e.person[st.w(ne+1)] {
				ne++
				break
			}
		}
	}
	for ne > ns && e.trailingNonNoun(st, ne-1) {
		ne--
	}
	// "left a churchgoer dead": the state after the noun; "three dead": the noun.
	if ne-ns > 1 && e.predicative[st.w(ne-1)] {
		ne--
	}
	return ns, ne, ne > ns
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

func isAcronym(s string) bool {
	if len(s) < 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' {
			return false
		}
	}
	return true
}

// trailingNonNoun reports a lower-case participle or adverb ("injured",
// "killing", "reportedly") that cannot be the head of the noun phrase.
func (e *Extractor) trailingNonNoun(st *state, i int) bool {
	o := st.orig(i)
	if o == "" || o[0] < 'a' || o[0] > 'z' || e.person[st.w(i)] {
		return false
	}
	w := st.w(i)
	switch {
	case e.elided[w]:
		return true // "injured 17 more": the noun is left unsaid
	case len(w) > 3 && strings.HasSuffix(w, "ed"):
		return true
	case len(w) > 4 && strings.HasSuffix(w, "ing"):
		return true
	case len(w) > 3 && strings.HasSuffix(w, "ly") && !e.person[w]:
		return true
	}
	return false
}

// isPlural is a rough test good enough for the "both X and Y" check: a
// plural ending, or a plural the lexicon names (children, police).
func (e *Extractor) isPlural(w string) bool {
	return strings.HasSuffix(w, "s") || strings.HasSuffix(w, "men") || e.plurals[w]
}

// both handles "both attackers" (2), "Both of the attackers" (2) and the
// pronoun "both were killed" (2), but not "both Russian and Tajik citizens".
func (e *Extractor) countBoth(st *state, i int) (Number, int, bool) {
	n := Number{Value: 2, Qualifier: "both"}
	n.Span = e.span(st, i, i+1, RuleBoth)
	if e.of[st.w(i+1)] {
		k := i + 2
		if e.partPron[st.w(k)] && !e.nounAfterPronoun(st, k) {
			return n, k + 1, true
		}
		if e.partDet[st.w(k)] {
			if ns, ne, ok := e.nounPhrase(st, k+1); ok {
				e.setNoun(st, &n, ns, ne)
				return n, ne, true
			}
		}
		return Number{}, 0, false
	}
	if ns, ne, ok := e.nounPhrase(st, i+1); ok {
		head := st.w(ne - 1)
		if !e.isPlural(head) || e.and[st.w(ne)] && !e.person[head] {
			return Number{}, 0, false
		}
		e.setNoun(st, &n, ns, ne)
		return n, ne, true
	}
	if e.bothOK[st.w(i+1)] {
		return n, i + 1, true
	}
	return Number{}, 0, false
}

// none handles the explicit zero: "no one", "nobody", "none of the
// passengers". The contract counts zero only when the text says so.
func (e *Extractor) countNone(st *state, i int) (Number, int, bool) {
	n := Number{Value: 0}
	w, next := st.w(i), st.w(i+1)
	switch {
	case e.nobody[w+" "+next]:
		// "no one" ("no One Direction fans" is not)
		if isUpperStart(st.orig(i + 1)) {
			return Number{}, 0, false
		}
		n.Span = e.span(st, i, i+2, RuleNone)
		return n, i + 2, true
	case e.nobody[w]:
		n.Span = e.span(st, i, i+1, RuleNone)
		return n, i + 1, true
	}
	// "none of the passengers", "none were hurt"
	n.Span = e.span(st, i, i+1, RuleNone)
	if e.of[next] {
		k := i + 2
		if e.partPron[st.w(k)] && !e.nounAfterPronoun(st, k) {
			return n, k + 1, true
		}
		if e.partDet[st.w(k)] {
			if ns, ne, ok := e.nounPhrase(st, k+1); ok {
				e.setNoun(st, &n, ns, ne)
				return n, ne, true
			}
		}
		return Number{}, 0, false
	}
	if e.bothOK[next] {
		return n, i + 1, true
	}
	return Number{}, 0, false
}

func isUpperStart(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }

// lastCounted returns the head of the most recent count with a noun, for
// "another" and "a third", which refer back to it.
func lastCounted(out []Number) (string, bool) {
	for k := len(out) - 1; k >= 0; k-- {
		if out[k].Value > 0 && out[k].Head != "" {
			return out[k].Head, true
		}
	}
	return "", false
}

// another handles "killed one soldier and injured another" (1, head
// inherited) and "another policeman" (1). "another 20 people" is left to the
// number rule, and "one another" never counts.
func (e *Extractor) countAnother(st *state, i int, out []Number) (Number, int, bool) {
	if e.units[st.w(i-1)] == 1 && st.isWord(i-1) {
		return Number{}, 0, false // "one another"
	}
	// "One churchgoer died and another one was wounded": one more of what
	// was counted before.
	if e.units[st.w(i+1)] == 1 && st.isWord(i+1) && !e.of[st.w(i+2)] {
		if _, _, ok := e.nounPhrase(st, i+2); !ok {
			if head, ok := lastCounted(out); ok {
				n := Number{Value: 1, Head: head}
				n.Span = e.span(st, i, i+2, RuleAnother)
				return n, i + 2, true
			}
		}
	}
	if _, _, _, ok := e.parseNumber(st, i+1); ok {
		return Number{}, 0, false
	}
	n := Number{Value: 1}
	n.Span = e.span(st, i, i+1, RuleAnother)
	if ns, ne, ok := e.nounPhrase(st, i+1); ok {
		head := st.w(ne - 1)
		if !e.person[head] || e.isPlural(head) && !e.pluralSingular[head] {
			return Number{}, 0, false
		}
		e.setNoun(st, &n, ns, ne)
		return n, ne, true
	}
	if e.of[st.w(i+1)] || e.units[st.w(i+1)] == 1 && st.isWord(i+1) {
		return Number{}, 0, false
	}
	head, ok := lastCounted(out)
	if !ok {
		return Number{}, 0, false
	}
	n.Head = head
	return n, i + 1, true
}

// ordinalAnother handles "a third" after a count: "killing 2 police officers
// and wounding a third" gives 1. Without an earlier count, or before "of"
// ("a third of the city"), it is a fraction or an ordinal, not a count.
func (e *Extractor) ordinalAnother(st *state, i int, out []Number) (Number, int, bool) {
	head, ok := lastCounted(out)
	if !ok || e.of[st.w(i+2)] {
		return Number{}, 0, false
	}
	n := Number{Value: 1}
	n.Span = e.span(st, i, i+2, RuleOrdinalAnother)
	if ns, ne, ok := e.nounPhrase(st, i+2); ok {
		h := st.w(ne - 1)
		if !e.person[h] || e.isPlural(h) {
			return Number{}, 0, false // "a second attack", "a third time"
		}
		e.setNoun(st, &n, ns, ne)
		return n, ne, true
	}
	n.Head = head
	return n, i + 2, true
}

// indefinite handles "a policeman", "an elderly woman": Value 1 for singular
// person nouns only. Inside a list that already has a count ("six gunmen and a
// civilian") the rule is RuleIndefiniteList, otherwise RuleIndefinite, which
// callers may weigh less.
func (e *Extractor) indefinite(st *state, i int) (Number, int, bool) {
	ns, ne, ok := e.nounPhrase(st, i+1)
	if !ok {
		return Number{}, 0, false
	}
	head := st.w(ne - 1)
	if !e.person[head] || e.isPlural(head) || e.noSingular[head] {
		return Number{}, 0, false
	}
	rule := RuleIndefinite
	if st.lastEnd >= 0 && i == st.lastEnd+1 {
		if e.listJoin[st.w(st.lastEnd)] {
			rule = RuleIndefiniteList
		}
	}
	n := Number{Value: 1}
	n.Span = e.span(st, i, i+1, rule)
	e.setNoun(st, &n, ns, ne)
	return n, ne, true
}
