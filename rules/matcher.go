package rules

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Matcher is a compiled pattern matched on the word boundaries of its
// language (see Language.wrap), with a literal pre-check: every match starts
// with one of lits (ASCII, lower case), so a text holding none of them is
// skipped without running the regexp. Offsets it returns are those of the
// pattern, never of the boundary characters around it.
type Matcher struct {
	re            *regexp.Regexp
	src           string // the pattern as compiled, before wrapping
	lang          *Language
	anchoredStart bool
	lits          []string // nil: no pre-check
	// atBegin: every match starts at the start of the text ("^(?:by|from)
	// ..."), so one of lits must open it, not just occur in it.
	atBegin bool
	// maxLen bounds the length of a text a pattern anchored at both ends
	// ("^...$") can match; -1 when unbounded or unanchored. Boilerplate line
	// patterns then skip every longer line without running.
	maxLen int
	// inside: literals one of which every match contains somewhere (for
	// patterns such as "^.{0,80}(?:subscribe|sign up).{0,80}$" that start
	// with no literal); nil: none known.
	inside []string
	// must: for each branch of a top-level alternation, the literals one
	// of which that branch's matches contain ("hostage" for "(?:took|held)
	// (?:\w+ ){0,2}hostages?"); a text with none of them is skipped before
	// any regexp runs. nil: no such literals known.
	must []string
	// words: for a matcher of word classes, the key word of each entry
	// (WordMatcher); a text holding none of them as a whole word is
	// skipped. nil: no such words known.
	words map[string]bool
}

// compileMatcher compiles pat (classes already expanded) for a language:
// case-insensitive, on word boundaries.
func compileMatcher(pat string, l *Language) (*Matcher, error) {
	inner, err := regexp.Compile(`(?i)(?:` + pat + `)`)
	if err != nil {
		return nil, err
	}
	startAnch := strings.HasPrefix(pat, "^")
	endAnch := strings.HasSuffix(pat, "$") && !strings.HasSuffix(pat, `\$`)
	// A side that can only be a non-word character ("\[12\]", "copyright\s")
	// needs no boundary: it cannot be inside a word.
	if p, err := syntax.Parse(`(?i)(?:`+pat+`)`, syntax.Perl); err == nil {
		p = p.Simplify()
		startAnch = startAnch || !edgeWord(p, true)
		endAnch = endAnch || !edgeWord(p, false)
	}
	re, err := regexp.Compile(`(?i)` + l.wrap(pat, startAnch, endAnch))
	if err != nil {
		return nil, err
	}
	if re.NumSubexp() > 200 {
		return nil, fmt.Errorf("too many groups")
	}
	m := &Matcher{re: re, src: pat, lang: l, anchoredStart: startAnch, maxLen: -1}
	p, err := syntax.Parse(inner.String(), syntax.Perl)
	if err != nil {
		return m, nil
	}
	if anchored(p) {
		m.maxLen = maxLen(p)
	}
	m.inside = insideLits(p)
	m.must = mustLits(p)
	set, _, ok := prefixes(p)
	if !ok || len(set) == 0 {
		return m, nil
	}
	for _, s := range set {
		if s == "" {
			return m, nil
		}
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return m, nil
			}
		}
	}
	m.lits = set
	m.atBegin = beginsText(p)
	return m, nil
}

// beginsText reports whether every match of re starts at the beginning of
// the text (each branch opens with "^").
func beginsText(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginText:
		return true
	case syntax.OpCapture:
		return beginsText(re.Sub[0])
	case syntax.OpConcat:
		return len(re.Sub) > 0 && beginsText(re.Sub[0])
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !beginsText(s) {
				return false
			}
		}
		return len(re.Sub) > 0
	}
	return false
}

// String is the pattern as written (classes expanded).
func (m *Matcher) String() string { return m.src }

// Groups are the names of the pattern's groups, as FindStringSubmatchIndex
// numbers them ("" for the whole match and unnamed groups).
func (m *Matcher) Groups() []string { return m.re.SubexpNames()[1:] }

// mustLits gives, for a pattern or each branch of its top-level
// alternation, the longest literals a match of that branch must contain
// (the part of its concatenation whose literals are longest), and their
// union; nil when some branch has none.
func mustLits(re *syntax.Regexp) []string {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	branches := []*syntax.Regexp{re}
	if re.Op == syntax.OpAlternate {
		branches = re.Sub
	}
	var out []string
	for _, b := range branches {
		for b.Op == syntax.OpCapture {
			b = b.Sub[0]
		}
		parts := []*syntax.Regexp{b}
		if b.Op == syntax.OpConcat {
			parts = b.Sub
		}
		var best []string
		bestLen := 0
		for _, part := range parts {
			set, _, ok := prefixes(part)
			if !ok || len(set) == 0 || len(set) > 16 {
				continue
			}
			short := 1 << 30
			for _, l := range set {
				if len(l) < short {
					short = len(l)
				}
				for i := 0; i < len(l); i++ {
					if l[i] >= 0x80 {
						short = 0
					}
				}
			}
			if short > bestLen {
				best, bestLen = set, short
			}
		}
		if bestLen < 3 {
			return nil // too short to tell anything
		}
		out = append(out, best...)
	}
	return out
}

// anyFold reports whether text holds one of lits, ignoring ASCII case.
func anyFold(text string, lits []string) bool {
	for _, l := range lits {
		if indexFold(text, l) {
			return true
		}
	}
	return false
}

// insideLits finds, in a concatenation, a part every match must contain:
// its literal prefixes, all non-empty and ASCII.
func insideLits(re *syntax.Regexp) []string {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpConcat {
		return nil
	}
	for _, s := range re.Sub {
		set, _, ok := prefixes(s)
		if !ok || len(set) == 0 {
			continue
		}
		good := true
		for _, l := range set {
			if l == "" {
				good = false
				break
			}
			for i := 0; i < len(l); i++ {
				if l[i] >= 0x80 {
					good = false
				}
			}
		}
		if good {
			return set
		}
	}
	return nil
}

// anchored reports a pattern that must match a whole line or text.
func anchored(re *syntax.Regexp) bool {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 {
		return false
	}
	first, last := re.Sub[0].Op, re.Sub[len(re.Sub)-1].Op
	return (first == syntax.OpBeginLine || first == syntax.OpBeginText) && (last == syntax.OpEndLine || last == syntax.OpEndText)
}

// maxLen is the longest text (in bytes) re can match, or -1 if unbounded.
func maxLen(re *syntax.Regexp) int {
	const utfMax = 4
	switch re.Op {
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			n += len(string(r))
		}
		return n
	case syntax.OpCharClass, syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		return utfMax
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		return 0
	case syntax.OpCapture:
		return maxLen(re.Sub[0])
	case syntax.OpQuest:
		return maxLen(re.Sub[0])
	case syntax.OpRepeat:
		if re.Max < 0 {
			return -1
		}
		n := maxLen(re.Sub[0])
		if n < 0 {
			return -1
		}
		return n * re.Max
	case syntax.OpConcat:
		total := 0
		for _, s := range re.Sub {
			n := maxLen(s)
			if n < 0 {
				return -1
			}
			total += n
		}
		return total
	case syntax.OpAlternate:
		most := 0
		for _, s := range re.Sub {
			n := maxLen(s)
			if n < 0 {
				return -1
			}
			most = max(most, n)
		}
		return most
	}
	return -1
}

const maxLits = 64

func prefixes(re *syntax.Regexp) (set []string, exact, ok bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}, true, true
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		return []string{""}, true, true
	case syntax.OpCapture:
		return prefixes(re.Sub[0])
	case syntax.OpAlternate:
		exact = true
		for _, s := range re.Sub {
			ss, e, ok := prefixes(s)
			if !ok {
				return nil, false, false
			}
			set = append(set, ss...)
			exact = exact && e
		}
		return set, exact, len(set) <= maxLits
	case syntax.OpQuest:
		ss, e, ok := prefixes(re.Sub[0])
		if !ok {
			return []string{""}, false, true
		}
		return append(ss, ""), e, true
	case syntax.OpPlus:
		ss, _, ok := prefixes(re.Sub[0])
		return ss, false, ok
	case syntax.OpCharClass:
		var rs []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				rs = append(rs, strings.ToLower(string(r)))
				if len(rs) > 8 {
					return nil, false, false
				}
			}
		}
		return dedup(rs), true, true
	case syntax.OpConcat:
		acc, exact := []string{""}, true
		for _, s := range re.Sub {
			if !exact {
				break
			}
			ss, e, ok := prefixes(s)
			if !ok {
				exact = false
				break
			}
			var next []string
			for _, a := range acc {
				for _, b := range ss {
					next = append(next, a+b)
				}
			}
			if len(next) > maxLits {
				exact = false
				break
			}
			acc, exact = dedup(next), e
		}
		return acc, exact, true
	}
	return nil, false, false
}

func dedup(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// possible reports whether text may match: it holds one of the literals,
// ignoring ASCII case (and the two non-ASCII letters that fold to ASCII ones:
// long s and the Kelvin sign). It allocates nothing: most sentences hold no
// cue at all, and this is what keeps the trigger and casualty rules cheap.
func (m *Matcher) possible(text string) bool {
	if m.words != nil {
		return m.hasWord(text)
	}
	if m.must != nil && !anyFold(text, m.must) {
		return strings.ContainsRune(text, 'ſ') || strings.ContainsRune(text, '\u212A')
	}
	lits := m.lits
	if m.atBegin && lits != nil {
		for _, l := range lits {
			if len(text) >= len(l) && strings.EqualFold(text[:len(l)], l) {
				return true
			}
		}
		return strings.ContainsRune(text, 'ſ') || strings.ContainsRune(text, '\u212A')
	}
	if lits == nil {
		lits = m.inside
	}
	if lits == nil {
		return true
	}
	for _, l := range lits {
		if indexFold(text, l) {
			return true
		}
	}
	return strings.ContainsRune(text, 'ſ') || strings.ContainsRune(text, '\u212A')
}

// hasWord reports whether text holds one of m.words as a whole word
// (a run of letters and digits), ignoring case.
func (m *Matcher) hasWord(text string) bool {
	var buf [48]byte
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !wordRune(r) {
			i += n
			continue
		}
		j := i
		ascii := true
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !wordRune(r) {
				break
			}
			if r >= utf8.RuneSelf {
				ascii = false
			}
			j += n
		}
		w := text[i:j]
		i = j
		if ascii && len(w) <= len(buf) {
			b := buf[:len(w)]
			for k := 0; k < len(w); k++ {
				c := w[k]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				b[k] = c
			}
			if m.words[string(b)] {
				return true
			}
			continue
		}
		if m.words[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// wordRune: what hasWord and keyWord read as part of a word. Hyphens and
// apostrophes split words, as the patterns' word boundaries do ("ex-militants"
// holds "militants").
func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// indexFold reports whether lit (lower-case ASCII) occurs in text, ignoring
// ASCII case. It keeps the next offset of each case of lit's first byte, so
// a text full of one case and without the other costs one pass, not one
// scan per occurrence.
func indexFold(text, lit string) bool {
	c0 := lit[0]
	up := c0
	if c0 >= 'a' && c0 <= 'z' {
		up = c0 - 32
	}
	next := func(from int, c byte) int {
		if j := strings.IndexByte(text[from:], c); j >= 0 {
			return from + j
		}
		return len(text)
	}
	lo, hi := -1, -1 // next offsets of c0 and up at or after i
	for i := 0; i+len(lit) <= len(text); i++ {
		if lo < i {
			lo = next(i, c0)
		}
		if up == c0 {
			hi = lo
		} else if hi < i {
			hi = next(i, up)
		}
		i = min(lo, hi)
		if i+len(lit) > len(text) {
			return false
		}
		if strings.EqualFold(text[i:i+len(lit)], lit) {
			return true
		}
	}
	return false
}

// MatchString reports whether s holds a match.
func (m *Matcher) MatchString(s string) bool {
	if m.maxLen >= 0 && len(s) > m.maxLen {
		return false
	}
	return m.possible(s) && m.re.MatchString(s)
}

// FindStringIndex returns the first match, or nil.
func (m *Matcher) FindStringIndex(s string) []int {
	if !m.possible(s) {
		return nil
	}
	loc := m.re.FindStringSubmatchIndex(s)
	if loc == nil {
		return nil
	}
	return []int{loc[2], loc[3]}
}

// FindStringSubmatchIndex returns the first match and the pattern's own
// groups, as regexp does (pairs of offsets, -1 for a group that did not take
// part).
func (m *Matcher) FindStringSubmatchIndex(s string) []int {
	if !m.possible(s) {
		return nil
	}
	loc := m.re.FindStringSubmatchIndex(s)
	if loc == nil {
		return nil
	}
	return loc[2:]
}

// FindAllStringSubmatchIndex returns up to n matches (n < 0: all), each as
// FindStringSubmatchIndex gives it. A boundary character that ends one match
// may start the next ("killed, killed").
func (m *Matcher) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !m.possible(s) {
		return nil
	}
	var out [][]int
	for pos := 0; pos <= len(s) && (n < 0 || len(out) < n); {
		// The slice starts where the previous match ended, so the boundary
		// character after it can be the one before the next.
		loc := m.re.FindStringSubmatchIndex(s[pos:])
		if loc == nil {
			break
		}
		for i := range loc {
			if loc[i] >= 0 {
				loc[i] += pos
			}
		}
		if pos > 0 && loc[2] == pos && loc[0] == pos && !m.anchoredStart {
			// The slice start read as the text start (^): a boundary only if
			// the character before is no word character.
			if r, _ := utf8.DecodeLastRuneInString(s[:pos]); m.lang.IsWord(r) {
				pos++
				continue
			}
		}
		out = append(out, loc[2:])
		if loc[3] > pos {
			pos = loc[3]
		} else {
			pos++
		}
	}
	return out
}

// FindAllStringIndex returns up to n matches (n < 0: all).
func (m *Matcher) FindAllStringIndex(s string, n int) [][]int {
	all := m.FindAllStringSubmatchIndex(s, n)
	if all == nil {
		return nil
	}
	out := make([][]int, len(all))
	for i, loc := range all {
		out[i] = loc[:2]
	}
	return out
}

// edgeWord reports whether a match of re may start (first) or end (!first)
// with a word character: only then does the word template put a boundary on
// that side ("\[12\]" may touch the word before it, "copyright\s" the word
// after). Letters of any script count: a class holding non-ASCII runes may.
func edgeWord(re *syntax.Regexp, first bool) bool {
	word, _ := edge(re, first)
	return word
}

// edge returns whether re's first (or last) character may be a word
// character, and whether re may match the empty string.
func edge(re *syntax.Regexp, first bool) (word, empty bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return false, true
		}
		r := re.Rune[len(re.Rune)-1]
		if first {
			r = re.Rune[0]
		}
		return isWordRune(r) || re.Flags&syntax.FoldCase != 0 && isWordRune(r), false
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if hi >= 0x80 || rangeHasWord(lo, hi) {
				return true, false
			}
		}
		return false, false
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return true, false
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return false, true
	case syntax.OpCapture, syntax.OpPlus:
		return edge(re.Sub[0], first)
	case syntax.OpStar, syntax.OpQuest:
		w, _ := edge(re.Sub[0], first)
		return w, true
	case syntax.OpRepeat:
		w, e := edge(re.Sub[0], first)
		return w, e || re.Min == 0
	case syntax.OpAlternate:
		empty := false
		for _, s := range re.Sub {
			w, e := edge(s, first)
			if w {
				return true, false
			}
			empty = empty || e
		}
		return false, empty
	case syntax.OpConcat:
		subs := re.Sub
		for k := range subs {
			s := subs[k]
			if !first {
				s = subs[len(subs)-1-k]
			}
			w, e := edge(s, first)
			if w {
				return true, false
			}
			if !e {
				return false, false
			}
		}
		return false, true
	}
	return true, false
}

func isWordRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r >= 0x80
}

func rangeHasWord(lo, hi rune) bool {
	for _, w := range [][2]rune{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}} {
		if lo <= w[1] && w[0] <= hi {
			return true
		}
	}
	return false
}
