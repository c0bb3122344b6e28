package rules

import (
	"fmt"
	"strconv"
	"strings"
)

// A sequence is an ordered pattern over the tokens of a sentence, the word
// classes of the language and the spans other extractors found. Its syntax
// (README, "Rule kinds"), one item after another, separated by spaces:
//
//	word, a|b        a token (case-insensitive); \( \) \| for those characters
//	{class}          a member of a word class (phrases match several tokens)
//	COUNT[...]       a count the number extractor found, with its noun; the
//	                 brackets hold constraints: head:{class}, head:a|b,
//	                 noun:{class}, noun!:{class}, noun:GROUP, noun!:GROUP,
//	                 bare (no noun), subset, rule:a|b, rule!:a|b, role:x,
//	                 effect:x (x: a value, or none); !bare, head!: ... negate
//	GROUP PLACE DATE a span of that extractor
//	_  ~             any token; any word
//	_[^a {c} ,]      any token that does not start one of the items listed
//	( a b | c )      a group of alternatives
//	!item            the item does not match here (nothing is consumed)
//	^ $              the start, the end of the sentence
//
// Any item or group may be followed by ?, *, + or {m,n}. Repeated _ and ~
// take as few tokens as they can, everything else as many.
type Sequence struct {
	nodes []*node
	need  *node // an item every match holds, to skip sentences cheaply
	src   string
}

// String is the pattern as written.
func (s *Sequence) String() string { return s.src }

// Count is a count of the number extractor as a sequence sees it, in
// tokens; Role and Effect are what earlier rules gave it.
type Count struct {
	Start, End         int // the count phrase and its noun
	NounStart, NounEnd int // the noun; equal when none
	Head               string
	Rule               string
	Role, Effect       string
	Subset             bool // a part of a toll counted already
}

// TokenSpan is a span of another extractor, in tokens.
type TokenSpan struct{ Start, End int }

// Input is a sentence as sequences read it.
type Input struct {
	Text   string
	Tokens []Token
	Counts []Count // in text order
	Group  []TokenSpan
	Place  []TokenSpan
	Date   []TokenSpan
}

// Match is one match of a sequence: its tokens, the counts it took in
// order, and the value of the first member matched of each class that has
// values.
type Match struct {
	Start, End int
	Counts     []int
	values     []classValue
}

type classValue struct{ class, value string }

// Value returns the value of the member of class c the match took ("" if
// none).
func (m *Match) Value(c string) string {
	for _, v := range m.values {
		if v.class == c {
			return v.value
		}
	}
	return ""
}

type nodeKind uint8

const (
	nLit nodeKind = iota
	nClass
	nCount
	nSpan
	nAny
	nAnyWord
	nGroup
	nNot
	nBegin
	nEnd
)

type node struct {
	kind     nodeKind
	lits     []string
	class    *Class
	phrases  map[string][]phrase // first token -> members starting with it, longest first
	spanKind string
	cons     []countCons
	alts     [][]*node
	excl     []*node
	sub      *node
	min, max int
	lazy     bool
}

// phrase is a class member as tokens after the first, with its value.
type phrase struct {
	rest  []string
	value string
}

type countCons struct {
	field string // head, noun, rule, role, effect, bare
	neg   bool
	class *Class
	value string // {class=value}: only members with that value
	lits  []string
	group bool // noun:GROUP
}

// compileSequence parses a sequence; classes are looked up in cs, words of
// class members tokenized with l.
func compileSequence(src string, cs *Classes, l *Language) (*Sequence, error) {
	p := &seqParser{src: src, cs: cs, lang: l}
	alts, err := p.alternatives()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.src) {
		return nil, fmt.Errorf("unexpected %q at %d", p.src[p.i:], p.i)
	}
	s := &Sequence{src: src}
	if len(alts) == 1 {
		s.nodes = alts[0]
	} else {
		s.nodes = []*node{{kind: nGroup, alts: alts, min: 1, max: 1}}
	}
	if len(s.nodes) == 0 {
		return nil, fmt.Errorf("empty sequence")
	}
	for _, n := range s.nodes {
		if n.min >= 1 && (n.kind == nLit || n.kind == nClass || n.kind == nCount || n.kind == nSpan) {
			s.need = n
			break
		}
	}
	return s, nil
}

type seqParser struct {
	src  string
	i    int
	cs   *Classes
	lang *Language
}

func (p *seqParser) skip() {
	for p.i < len(p.src) && p.src[p.i] == ' ' {
		p.i++
	}
}

// alternatives parses items up to ")" or the end, split at "|" items.
func (p *seqParser) alternatives() ([][]*node, error) {
	var alts [][]*node
	var cur []*node
	for {
		p.skip()
		if p.i >= len(p.src) || p.src[p.i] == ')' {
			break
		}
		if p.src[p.i] == '|' && (p.i+1 == len(p.src) || p.src[p.i+1] == ' ') {
			p.i++
			alts = append(alts, cur)
			cur = nil
			continue
		}
		n, err := p.item()
		if err != nil {
			return nil, err
		}
		cur = append(cur, n)
	}
	return append(alts, cur), nil
}

func (p *seqParser) item() (*node, error) {
	var n *node
	switch c := p.src[p.i]; {
	case c == '!':
		p.i++
		sub, err := p.item()
		if err != nil {
			return nil, err
		}
		return &node{kind: nNot, sub: sub, min: 1, max: 1}, nil
	case c == '(':
		p.i++
		alts, err := p.alternatives()
		if err != nil {
			return nil, err
		}
		if p.i >= len(p.src) || p.src[p.i] != ')' {
			return nil, fmt.Errorf("unclosed (")
		}
		p.i++
		n = &node{kind: nGroup, alts: alts}
	case c == '{':
		j := strings.IndexByte(p.src[p.i:], '}')
		if j < 0 {
			return nil, fmt.Errorf("unclosed {")
		}
		name := p.src[p.i+1 : p.i+j]
		p.i += j + 1
		cl := p.cs.Get(name)
		if cl == nil {
			return nil, fmt.Errorf("unknown word class {%s}", name)
		}
		p.cs.used[name] = true
		n = &node{kind: nClass, class: cl, phrases: p.phrases(cl)}
	case c == '^':
		p.i++
		return &node{kind: nBegin, min: 1, max: 1}, nil
	case c == '$' && (p.i+1 == len(p.src) || p.src[p.i+1] == ' ' || p.src[p.i+1] == ')'):
		p.i++
		return &node{kind: nEnd, min: 1, max: 1}, nil
	case c == '_' || c == '~':
		p.i++
		n = &node{kind: nAny, lazy: true}
		if c == '~' {
			n.kind = nAnyWord
		}
		if strings.HasPrefix(p.src[p.i:], "[^") {
			j := strings.IndexByte(p.src[p.i:], ']')
			if j < 0 {
				return nil, fmt.Errorf("unclosed [^")
			}
			inner := &seqParser{src: p.src[p.i+2 : p.i+j], cs: p.cs, lang: p.lang}
			for {
				inner.skip()
				if inner.i >= len(inner.src) {
					break
				}
				x, err := inner.item()
				if err != nil {
					return nil, fmt.Errorf("in [^...]: %w", err)
				}
				n.excl = append(n.excl, x)
			}
			p.i += j + 1
		}
	default:
		word := p.word()
		switch {
		case word == "COUNT" || strings.HasPrefix(word, "COUNT["):
			cons, err := p.countCons(strings.TrimPrefix(word, "COUNT"))
			if err != nil {
				return nil, err
			}
			n = &node{kind: nCount, cons: cons}
		case word == "GROUP" || word == "PLACE" || word == "DATE":
			n = &node{kind: nSpan, spanKind: word}
		case word == "":
			return nil, fmt.Errorf("unexpected %q", p.src[p.i:])
		default:
			var lits []string
			for _, w := range splitUnescaped(word, '|') {
				w = unescape(w)
				toks := p.lang.Tokenize(w, nil)
				if len(toks) != 1 {
					return nil, fmt.Errorf("literal %q is not one token (write one word per item, or a {class})", w)
				}
				lits = append(lits, toks[0].Lower)
			}
			n = &node{kind: nLit, lits: lits}
		}
	}
	n.min, n.max = 1, 1
	if err := p.quantifier(n); err != nil {
		return nil, err
	}
	return n, nil
}

// word reads up to a space or a grouping character; brackets of COUNT[...]
// and escapes stay in the word.
func (p *seqParser) word() string {
	start := p.i
	depth := 0
	for p.i < len(p.src) {
		c := p.src[p.i]
		if c == '\\' && p.i+1 < len(p.src) {
			p.i += 2
			continue
		}
		if c == '[' {
			depth++
		}
		if c == ']' {
			depth--
		}
		if depth == 0 && (c == ' ' || c == '(' || c == ')' || c == '{' && p.i > start && isQuant(p.src[p.i:])) {
			break
		}
		if depth == 0 && p.i > start && (c == '?' || c == '*' || c == '+') {
			break
		}
		p.i++
	}
	return p.src[start:p.i]
}

func isQuant(s string) bool {
	if len(s) < 3 || s[0] != '{' {
		return false
	}
	return s[1] >= '0' && s[1] <= '9'
}

func (p *seqParser) quantifier(n *node) error {
	if p.i >= len(p.src) {
		return nil
	}
	switch p.src[p.i] {
	case '?':
		n.min, n.max = 0, 1
		p.i++
	case '*':
		n.min, n.max = 0, 64
		p.i++
	case '+':
		n.min, n.max = 1, 64
		p.i++
	case '{':
		if !isQuant(p.src[p.i:]) {
			return nil
		}
		j := strings.IndexByte(p.src[p.i:], '}')
		if j < 0 {
			return fmt.Errorf("unclosed {")
		}
		body := p.src[p.i+1 : p.i+j]
		lo, hi, found := strings.Cut(body, ",")
		a, err := strconv.Atoi(lo)
		if err != nil {
			return fmt.Errorf("bad repetition {%s}", body)
		}
		b := a
		if found {
			if b, err = strconv.Atoi(hi); err != nil {
				return fmt.Errorf("bad repetition {%s}", body)
			}
		}
		if a < 0 || b < a || b > 64 {
			return fmt.Errorf("repetition {%s}: want 0 <= m <= n <= 64", body)
		}
		n.min, n.max = a, b
		p.i += j + 1
	}
	return nil
}

// phrases tokenizes the members of a class, by first token.
func (p *seqParser) phrases(c *Class) map[string][]phrase {
	m := map[string][]phrase{}
	for _, w := range c.Words {
		toks := p.lang.Tokenize(w, nil)
		if len(toks) == 0 {
			continue
		}
		first := toks[0].Lower
		if c.Case {
			first = w[toks[0].Start:toks[0].End]
		}
		var rest []string
		for _, t := range toks[1:] {
			if c.Case {
				rest = append(rest, w[t.Start:t.End])
			} else {
				rest = append(rest, t.Lower)
			}
		}
		m[first] = append(m[first], phrase{rest: rest, value: c.Value(w)})
	}
	return m
}

func (p *seqParser) countCons(s string) ([]countCons, error) {
	if s == "" {
		return nil, nil
	}
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
		return nil, fmt.Errorf("COUNT%s: want COUNT[constraints]", s)
	}
	var out []countCons
	for _, item := range strings.Fields(s[1 : len(s)-1]) {
		if f := strings.TrimPrefix(item, "!"); f == "bare" || f == "subset" {
			out = append(out, countCons{field: f, neg: item[0] == '!'})
			continue
		}
		k, v, ok := strings.Cut(item, ":")
		if !ok {
			return nil, fmt.Errorf("COUNT constraint %q: want field:value", item)
		}
		c := countCons{field: strings.TrimSuffix(k, "!"), neg: strings.HasSuffix(k, "!")}
		switch c.field {
		case "head", "noun", "rule", "role", "effect":
		default:
			return nil, fmt.Errorf("COUNT constraint %q: unknown field (head, noun, rule, role, effect, bare)", item)
		}
		switch {
		case v == "GROUP" && c.field == "noun":
			c.group = true
		case strings.HasPrefix(v, "{") && strings.HasSuffix(v, "}"):
			name, val, _ := strings.Cut(v[1:len(v)-1], "=")
			c.class, c.value = p.cs.Get(name), val
			if c.class == nil {
				return nil, fmt.Errorf("unknown word class {%s}", name)
			}
			if val != "" && c.class.Values == nil {
				return nil, fmt.Errorf("{%s=%s}: the class has no values", name, val)
			}
			p.cs.used[name] = true
		default:
			for _, l := range strings.Split(v, "|") {
				if l == "none" {
					l = ""
				}
				c.lits = append(c.lits, strings.ToLower(l))
			}
		}
		out = append(out, c)
	}
	return out, nil
}

func splitUnescaped(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == sep {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// stepBudget bounds the work one sequence may do on one sentence: patterns
// with nested repetitions could otherwise take time exponential in the
// sentence's length. A sentence that exhausts it simply does not match.
const stepBudget = 20000

// FindAll returns the matches of the sequence in the sentence: at each
// start token, the first match the pattern gives (leftmost; repetitions
// greedy but gaps lazy), so matches may overlap.
func (s *Sequence) FindAll(in *Input) []Match {
	if s.need != nil && !mayHold(s.need, in) {
		return nil
	}
	var out []Match
	r := &seqRun{in: in}
	for start := 0; start <= len(in.Tokens); start++ {
		r.steps, r.counts, r.values = 0, r.counts[:0], r.values[:0]
		end := -1
		if r.seq(s.nodes, start, func(p int) bool { end = p; return true }) {
			m := Match{Start: start, End: end, Counts: append([]int(nil), r.counts...)}
			if len(r.values) > 0 {
				m.values = append([]classValue(nil), r.values...)
			}
			out = append(out, m)
		}
	}
	return out
}

// Holds reports whether the sequence matches anywhere.
func (s *Sequence) Holds(in *Input) bool {
	if s.need != nil && !mayHold(s.need, in) {
		return false
	}
	r := &seqRun{in: in}
	for start := 0; start <= len(in.Tokens); start++ {
		r.steps, r.counts, r.values = 0, r.counts[:0], r.values[:0]
		if r.seq(s.nodes, start, func(int) bool { return true }) {
			return true
		}
	}
	return false
}

// mayHold is a cheap test that the sentence holds the item at all.
func mayHold(n *node, in *Input) bool {
	switch n.kind {
	case nCount:
		return len(in.Counts) > 0
	case nSpan:
		return len(spansOf(in, n.spanKind)) > 0
	case nLit:
		for _, t := range in.Tokens {
			for _, l := range n.lits {
				if t.Lower == l {
					return true
				}
			}
		}
		return false
	case nClass:
		for i := range in.Tokens {
			if _, ok := n.phrases[tokenKey(n.class, in, i)]; ok {
				return true
			}
		}
		return false
	}
	return true
}

// tokenKey is token i as a class compares it: lower-cased unless the class
// is case-sensitive.
func tokenKey(c *Class, in *Input, i int) string {
	if c.Case {
		return in.Text[in.Tokens[i].Start:in.Tokens[i].End]
	}
	return in.Tokens[i].Lower
}

func spansOf(in *Input, kind string) []TokenSpan {
	switch kind {
	case "GROUP":
		return in.Group
	case "PLACE":
		return in.Place
	case "DATE":
		return in.Date
	}
	return nil
}

type seqRun struct {
	in     *Input
	steps  int
	counts []int
	values []classValue
}

func (r *seqRun) seq(ns []*node, pos int, k func(int) bool) bool {
	if len(ns) == 0 {
		return k(pos)
	}
	return r.rep(ns[0], ns[1:], pos, 0, k)
}

func (r *seqRun) rep(n *node, rest []*node, pos, count int, k func(int) bool) bool {
	r.steps++
	if r.steps > stepBudget {
		return false
	}
	stop := func() bool { return count >= n.min && r.seq(rest, pos, k) }
	more := func() bool {
		if count >= n.max {
			return false
		}
		return r.one(n, pos, func(p int) bool {
			if p == pos && count >= n.min {
				return false // no progress: stop repeating
			}
			return r.rep(n, rest, p, count+1, k)
		})
	}
	if n.lazy {
		return stop() || more()
	}
	return more() || stop()
}

// one matches one instance of n at token pos and calls k with each end it
// can have, until k accepts.
func (r *seqRun) one(n *node, pos int, k func(int) bool) bool {
	toks := r.in.Tokens
	switch n.kind {
	case nBegin:
		return pos == 0 && k(pos)
	case nEnd:
		return pos == len(toks) && k(pos)
	case nLit:
		if pos >= len(toks) {
			return false
		}
		for _, l := range n.lits {
			if toks[pos].Lower == l {
				return k(pos + 1)
			}
		}
		return false
	case nAny:
		if pos >= len(toks) {
			return false
		}
		for _, x := range n.excl {
			if r.startsHere(x, pos) {
				return false
			}
		}
		return k(pos + 1)
	case nAnyWord:
		if pos >= len(toks) || !toks[pos].Word {
			return false
		}
		for _, x := range n.excl {
			if r.startsHere(x, pos) {
				return false
			}
		}
		return k(pos + 1)
	case nClass:
		return r.class(n, pos, k)
	case nCount:
		for i := range r.in.Counts {
			c := &r.in.Counts[i]
			if c.Start != pos {
				continue
			}
			if !r.countOK(n, c) {
				return false
			}
			mark := len(r.counts)
			r.counts = append(r.counts, i)
			if k(c.End) {
				return true
			}
			r.counts = r.counts[:mark]
			return false
		}
		return false
	case nSpan:
		for _, sp := range spansOf(r.in, n.spanKind) {
			if sp.Start == pos && k(sp.End) {
				return true
			}
		}
		return false
	case nGroup:
		for _, alt := range n.alts {
			mc, mv := len(r.counts), len(r.values)
			if r.seq(alt, pos, k) {
				return true
			}
			r.counts, r.values = r.counts[:mc], r.values[:mv]
		}
		return false
	case nNot:
		probe := &seqRun{in: r.in}
		if probe.one(n.sub, pos, func(int) bool { return true }) {
			return false
		}
		return k(pos)
	}
	return false
}

// startsHere reports whether item x matches at pos (for _[^...]).
func (r *seqRun) startsHere(x *node, pos int) bool {
	probe := &seqRun{in: r.in}
	return probe.one(x, pos, func(int) bool { return true })
}

func (r *seqRun) class(n *node, pos int, k func(int) bool) bool {
	toks := r.in.Tokens
	if pos >= len(toks) {
		return false
	}
	key := tokenKey(n.class, r.in, pos)
	rests, ok := n.phrases[key]
	if !ok {
		return false
	}
	for _, ph := range rests { // longest first
		rest := ph.rest
		end := pos + 1 + len(rest)
		if end > len(toks) {
			continue
		}
		good := true
		for j, w := range rest {
			if tokenKey(n.class, r.in, pos+1+j) != w {
				good = false
				break
			}
		}
		if !good {
			continue
		}
		mv := len(r.values)
		if n.class.Values != nil {
			r.addValue(n.class.Name, ph.value)
		}
		if k(end) {
			return true
		}
		r.values = r.values[:mv]
	}
	return false
}

func (r *seqRun) addValue(class, v string) {
	for _, x := range r.values {
		if x.class == class {
			return // the first member matched gives the value
		}
	}
	r.values = append(r.values, classValue{class, v})
}

func (r *seqRun) countOK(n *node, c *Count) bool {
	for _, cn := range n.cons {
		var ok bool
		switch cn.field {
		case "bare":
			ok = c.NounStart == c.NounEnd
		case "subset":
			ok = c.Subset
		case "head":
			ok = cn.holds(c.Head)
		case "rule":
			ok = cn.holds(c.Rule)
		case "role":
			ok = cn.holds(c.Role)
		case "effect":
			ok = cn.holds(c.Effect)
		case "noun":
			if cn.group {
				ok = false
				for _, g := range r.in.Group {
					if g.Start < c.NounEnd && c.NounStart < g.End && c.NounEnd > c.NounStart {
						ok = true
					}
				}
			} else if cn.class != nil {
				ok = r.classWithin(cn.class, cn.value, c.NounStart, c.NounEnd)
			} else {
				ok = false
				for i := c.NounStart; i < c.NounEnd; i++ {
					ok = ok || cn.holds(r.in.Tokens[i].Lower)
				}
			}
		}
		if ok == cn.neg {
			return false
		}
	}
	return true
}

func (cn countCons) holds(v string) bool {
	if cn.class != nil {
		return cn.class.Has(v)
	}
	for _, l := range cn.lits {
		if l == v {
			return true
		}
	}
	return false
}

// classWithin reports a member of class c (with that value, if one is
// given) inside tokens [s, e).
func (r *seqRun) classWithin(c *Class, value string, s, e int) bool {
	member := func(w string) bool { return c.Has(w) && (value == "" || c.Value(w) == value) }
	for i := s; i < e; i++ {
		w := r.in.Tokens[i].Lower
		if member(w) {
			return true
		}
		// Phrases: join the next tokens with spaces.
		for j := i + 1; j < e && j < i+4; j++ {
			w += " " + r.in.Tokens[j].Lower
			if member(w) {
				return true
			}
		}
	}
	return false
}

// hasCount reports whether the sequence holds a COUNT anywhere.
func (s *Sequence) hasCount() bool {
	var walk func(ns []*node) bool
	walk = func(ns []*node) bool {
		for _, n := range ns {
			switch n.kind {
			case nCount:
				return true
			case nGroup:
				for _, a := range n.alts {
					if walk(a) {
						return true
					}
				}
			}
		}
		return false
	}
	return walk(s.nodes)
}
