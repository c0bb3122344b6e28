package places

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tokens are runs of letters and digits, with hyphens, en dashes and
// apostrophes kept when they join two letters ("Rostov-on-Don",
// "North Ossetia–Alania", "N'Djamena", "Dagestan's"). Names and text are
// tokenised the same way, so a name matches wherever its tokens appear
// separated by spaces (or by an abbreviation's full stop: "St. Petersburg").

// asciiWord marks the ASCII bytes that are word characters; a table keeps
// the per-byte test of the scan loop to one load (read-only after init).
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isJoiner(r rune) bool {
	return r == '-' || r == '\'' || r == '\u2019' || r == '\u2013' || r == '\u2010' || r == '\u2011'
}

// nextToken returns the bounds of the first token at or after i, or s < 0.
func nextToken(text string, i int) (s, e int) {
	n := len(text)
	for i < n {
		c := text[i]
		if c < utf8.RuneSelf {
			if asciiWord[c] {
				break
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			break
		}
		i += w
	}
	if i >= n {
		return -1, -1
	}
	s = i
	for i < n {
		c := text[i]
		if c < utf8.RuneSelf && asciiWord[c] {
			i++
			continue
		}
		r, w := rune(c), 1
		if c >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(text[i:])
		}
		if isWordRune(r) {
			i += w
			continue
		}
		if isJoiner(r) && i+w < n {
			r2, _ := utf8.DecodeRuneInString(text[i+w:])
			if isWordRune(r2) {
				i += w
				continue
			}
		}
		break
	}
	return s, i
}

// joinable reports whether the gap between two tokens of one name may be
// text[a:b]: spaces (one line break at most), or a full stop after a short
// abbreviation ("St. Petersburg", "U.S.").
func joinable(text string, prevStart, a, b int) bool {
	if a == b {
		return false
	}
	gap := text[a:b]
	if gap[0] == '.' {
		if a-prevStart > 3 {
			return false
		}
		gap = gap[1:]
		if gap == "" {
			return true // "U.S": tokens joined by the stop alone
		}
	}
	nl := 0
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case ' ', '\t':
		case '\n':
			nl++
			if nl > 1 {
				return false
			}
		case '\r':
		default:
			return false
		}
	}
	return true
}

// normalize turns a name into its lookup key: its tokens joined by single
// spaces, with any trailing possessive left alone (callers strip it).
func normalize(name string) string {
	var b strings.Builder
	i := 0
	for {
		s, e := nextToken(name, i)
		if s < 0 {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(name[s:e])
		i = e
	}
	return b.String()
}

// tokens splits a normalised key.
func tokens(key string) []string { return strings.Split(key, " ") }

// stripPossessive removes a trailing "'s" / "’s".
func stripPossessive(tok string) string {
	if strings.HasSuffix(tok, "'s") {
		return tok[:len(tok)-2]
	}
	if strings.HasSuffix(tok, "\u2019s") {
		return tok[:len(tok)-4]
	}
	return tok
}

func isUpperStart(tok string) bool {
	r := rune(tok[0])
	if r < utf8.RuneSelf {
		return 'A' <= r && r <= 'Z'
	}
	r, _ = utf8.DecodeRuneInString(tok)
	return unicode.IsUpper(r)
}

// sentenceBreak reports whether the gap between two tokens ends a sentence.
func sentenceBreak(gap string) bool {
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case '.', '!', '?', '\n', ':', '"':
			return true
		}
	}
	return false
}

// editDistance1 reports whether a and b differ by at most one edit
// (substitution, insertion or deletion), byte-wise: names here are ASCII.
func editDistance1(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	switch len(a) - len(b) {
	case 0:
		diff := 0
		for i := 0; i < len(a); i++ {
			if a[i] != b[i] {
				diff++
				if diff > 1 {
					return false
				}
			}
		}
		return true
	case 1:
		i := 0
		for i < len(b) && a[i] == b[i] {
			i++
		}
		return a[i+1:] == b[i:]
	}
	return false
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}
