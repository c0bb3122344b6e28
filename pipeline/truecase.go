package pipeline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Teletype wire copy and some archives write whole reports in capitals
// ("URBAN GUERRILLAS RIDDLED AN ARMY COLONEL'S CAR WITH SUBMACHINEGUN FIRE
// ON A BUSY STREET IN SUBURBAN SAN ISIDRO WEDNESDAY"). Every later stage
// reads case: names of places and groups, months, the start of a sentence.
// truecase gives such a line back its case: a word the language writes in
// lower case (rules' lowercase lexicon) in lower case, any other word (a
// name) capitalised, acronyms the rules know (group aliases, agencies) as
// they are, and the first word of each sentence capitalised. Letters keep
// their byte length, so offsets into the line still hold.

// shoutingLetters is how many letters a line needs before its case counts
// as a layout (a short all-caps line is a heading, a dateline or an
// acronym).
const shoutingLetters = 24

// shouting reports a line written (nearly) all in capitals, long enough to
// be prose.
func shouting(line string) bool {
	letters, upper := caseCounts(line)
	return letters >= shoutingLetters && upper*10 >= letters*9
}

// truecaseLines restores the case of the lines written in capitals (see
// above), before the lines are joined into paragraphs: the wrapping and
// boilerplate rules read case too ("BY MARTINEZ AND THAT ..." is no
// byline). A sentence goes on from one line to the next.
func (c *Cleaner) truecaseLines(lines []string) {
	if c.lower == nil {
		return
	}
	start, run := true, false // run: the line before was in capitals
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			start = true
			continue
		}
		// A short line in capitals goes on a run of them ("BULLET.", the
		// end of a paragraph); alone it is a heading or a dateline.
		if !shouting(l) && !(run && capitals(l)) {
			start, run = strings.ContainsAny(t[len(t)-1:], ".!?:"), false
			continue
		}
		lines[i], start = c.truecase(l, start)
		run = true
	}
}

// capitals reports a line with letters, all or nearly all upper case.
func capitals(line string) bool {
	letters, upper := caseCounts(line)
	return letters > 0 && upper*10 >= letters*9
}

// caseCounts counts a line's letters and its upper-case ones.
func caseCounts(line string) (letters, upper int) {
	for _, r := range line {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters, upper
}

// truecase returns line, written in capitals, with its case restored; start
// says whether its first word opens a sentence, and the result whether the
// next line's does.
func (c *Cleaner) truecase(line string, start bool) (string, bool) {
	var b strings.Builder
	b.Grow(len(line))
	for i := 0; i < len(line); {
		r, n := utf8.DecodeRuneInString(line[i:])
		if !unicode.IsLetter(r) {
			switch r {
			case '.', '!', '?':
				// "COL. HECTOR": a title's stop ends no sentence.
				start = !c.titleBefore(line[:i])
			case '-', '—', '_', ':':
				if strings.HasPrefix(line[i:], "--") || r != '-' {
					start = true // "(UPI) -- URBAN ...", "(AP) _ A ..."
				}
			}
			b.WriteString(line[i : i+n])
			i += n
			continue
		}
		j := i
		for j < len(line) {
			r, n := utf8.DecodeRuneInString(line[j:])
			if !unicode.IsLetter(r) && r != '\'' && r != '’' {
				break
			}
			j += n
		}
		b.WriteString(c.caseWord(line[i:j], start, line[j:]))
		start = false
		i = j
	}
	return c.namesCased(b.String()), start
}

// namesCased writes the group names of a restored line as the aliases
// write them: "the people's revolutionary army" is the People's
// Revolutionary Army, whose words the language also writes in lower case.
func (c *Cleaner) namesCased(line string) string {
	low := strings.ToLower(line)
	if len(low) != len(line) {
		return line
	}
	var out []byte
	for _, n := range c.names {
		for from := 0; ; {
			k := strings.Index(low[from:], n.low)
			if k < 0 {
				break
			}
			at := from + k
			from = at + len(n.low)
			if at > 0 && isLetter(low[at-1]) || from < len(low) && isLetter(low[from]) {
				continue
			}
			if out == nil {
				out = []byte(line)
			}
			copy(out[at:], n.name)
		}
	}
	if out == nil {
		return line
	}
	return string(out)
}

// caseWord is one capitalised word of a shouting line in its case.
func (c *Cleaner) caseWord(w string, start bool, after string) string {
	if c.acronym[w] {
		return w
	}
	low := lowerSameLength(w)
	stem := strings.TrimSuffix(strings.TrimSuffix(low, "'s"), "’s")
	name := !c.lower[stem] && !c.lower[low] || c.titleWord[stem]
	// "MARCH 5", "MAY 1972": a month before a number.
	if c.month.Has(titled(stem)) && startsWithDigit(strings.TrimLeft(after, " ,.")) {
		name = true
	}
	if !name && !start {
		return low
	}
	return titled(low)
}

// titled is w with its first letter upper case (when as long in UTF-8).
func titled(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	up := string(unicode.ToUpper(r))
	if len(up) != n {
		return w
	}
	return up + w[n:]
}

// titleBefore reports a title's abbreviation right before a stop ("COL.",
// "GEN.", "NO.").
func (c *Cleaner) titleBefore(text string) bool {
	k := strings.LastIndexFunc(text, func(r rune) bool { return !unicode.IsLetter(r) })
	return c.titleWord[strings.ToLower(text[k+1:])]
}

// lowerSameLength lowers each letter whose lower case is as long in UTF-8
// (all of Latin, Greek, Cyrillic); others stay as they are.
func lowerSameLength(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		l := unicode.ToLower(r)
		if utf8.RuneLen(l) != utf8.RuneLen(r) {
			l = r
		}
		b.WriteRune(l)
	}
	return b.String()
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }
