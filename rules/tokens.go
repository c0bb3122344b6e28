package rules

import (
	"strings"
	"unicode/utf8"
)

// Token is a word or a punctuation character of a sentence, with byte
// offsets. Lower is the word lower-cased (punctuation as written).
type Token struct {
	Start, End int
	Lower      string
	Word       bool
}

// Tokenize cuts text into tokens: runs of the language's word characters,
// which keep a hyphen or apostrophe between two word characters
// ("shoot-out", "al-Shabaab", "don't") and a comma or dot between two
// digits ("2,400"); every other character but space is a token of its own.
func (l *Language) Tokenize(text string, dst []Token) []Token {
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isSpaceRune(r) {
			i += size
			continue
		}
		if !l.IsWord(r) {
			dst = append(dst, Token{Start: i, End: i + size, Lower: text[i : i+size]})
			i += size
			continue
		}
		start := i
		prevDigit := r >= '0' && r <= '9'
		i += size
		for i < len(text) {
			r, size := utf8.DecodeRuneInString(text[i:])
			if l.IsWord(r) {
				prevDigit = r >= '0' && r <= '9'
				i += size
				continue
			}
			joiner := r == '-' || r == '\'' || r == '’' || (prevDigit && (r == ',' || r == '.'))
			if !joiner || i+size >= len(text) {
				break
			}
			next, _ := utf8.DecodeRuneInString(text[i+size:])
			if !l.IsWord(next) || (r == ',' || r == '.') && !(next >= '0' && next <= '9') {
				break
			}
			i += size
		}
		dst = append(dst, Token{Start: start, End: i, Lower: lowerWord(text[start:i]), Word: true})
	}
	return dst
}

func isSpaceRune(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', 0xa0, 0x2009, 0x202f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200b
}

// lowerWord lower-cases a word, without allocating when it already is.
func lowerWord(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			return strings.ToLower(w)
		}
	}
	return w
}

// TokenAt returns the index of the first token that starts at or after
// offset off.
func TokenAt(toks []Token, off int) int {
	lo, hi := 0, len(toks)
	for lo < hi {
		m := (lo + hi) / 2
		if toks[m].Start < off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// TokenEnd returns the index just past the last token that ends at or
// before offset off.
func TokenEnd(toks []Token, off int) int {
	lo, hi := 0, len(toks)
	for lo < hi {
		m := (lo + hi) / 2
		if toks[m].End <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
