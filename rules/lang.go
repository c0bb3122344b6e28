package rules

import (
	"fmt"
	"io/fs"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// Language is a language folder's language.yaml: how text of that language
// is cut into sentences and words, and which scripts it is written in.
type Language struct {
	Code string // the folder name: "en"
	Name string
	// Segmenter names the sentence splitter: "punkt-english" (the Punkt
	// model shipped with prose) or "rules" (split after . ! ? before an
	// upper-case letter, except after Abbreviations).
	Segmenter     string
	Abbreviations []string
	// Scripts are the Unicode scripts of the language ("Latin",
	// "Cyrillic"): the cleaner drops lines written mostly in others.
	Scripts []string
	// Word says which characters make words, as Unicode categories ("L",
	// "N", "M") and single characters ("_"). Patterns match on the
	// boundaries of such words, whatever the script: Go's \b knows ASCII
	// only.
	Word []string

	wordTables []*unicode.RangeTable
	wordRunes  []rune
	scripts    []*unicode.RangeTable
	charClass  string // the regexp class of word characters, e.g. \p{L}\p{N}_
}

// IsWord reports whether r is a word character of the language.
func (l *Language) IsWord(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || l.extra(r)
	}
	return unicode.IsOneOf(l.wordTables, r) || l.extra(r)
}

func (l *Language) extra(r rune) bool {
	for _, x := range l.wordRunes {
		if x == r {
			return true
		}
	}
	return false
}

// InScript reports whether r is a letter of one of the language's scripts.
// ASCII letters count for every language written in Latin.
func (l *Language) InScript(r rune) bool {
	return unicode.IsOneOf(l.scripts, r)
}

// wrap puts a pattern between word boundaries: a match may not start right
// after a word character nor end right before one. A side anchored to the
// line (^ or $) keeps its anchor instead. The pattern itself is group 1.
func (l *Language) wrap(pat string, anchoredStart, anchoredEnd bool) string {
	pre, post := `(?:^|[^`+l.charClass+`])`, `(?:[^`+l.charClass+`]|$)`
	if anchoredStart {
		pre = ""
	}
	if anchoredEnd {
		post = ""
	}
	return pre + "(" + pat + ")" + post
}

func loadLanguage(fsys fs.FS, file, code string) (*Language, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("rules: %s: %w", file, err)
	}
	var e struct {
		Name          string   `yaml:"name"`
		Segmenter     string   `yaml:"segmenter"`
		Abbreviations []string `yaml:"abbreviations"`
		Scripts       []string `yaml:"scripts"`
		Word          []string `yaml:"word"`
	}
	if err := strictDecode(file, &root, &e); err != nil {
		return nil, err
	}
	l := &Language{Code: code, Name: e.Name, Segmenter: e.Segmenter, Abbreviations: e.Abbreviations, Scripts: e.Scripts, Word: e.Word}
	switch l.Segmenter {
	case "punkt-english", "rules":
	default:
		return nil, fmt.Errorf("rules: %s:1: segmenter %q: want punkt-english or rules", file, l.Segmenter)
	}
	if len(l.Scripts) == 0 {
		return nil, fmt.Errorf("rules: %s:1: no scripts", file)
	}
	for _, s := range l.Scripts {
		t, ok := unicode.Scripts[s]
		if !ok {
			return nil, fmt.Errorf("rules: %s:1: unknown script %q", file, s)
		}
		l.scripts = append(l.scripts, t)
	}
	if len(l.Word) == 0 {
		return nil, fmt.Errorf("rules: %s:1: no word characters", file)
	}
	for _, w := range l.Word {
		if t, ok := unicode.Categories[w]; ok {
			l.wordTables = append(l.wordTables, t)
			l.charClass += `\p{` + w + `}`
			continue
		}
		r := []rune(w)
		if len(r) != 1 {
			return nil, fmt.Errorf("rules: %s:1: word %q: want a Unicode category (L, N, M) or one character", file, w)
		}
		l.wordRunes = append(l.wordRunes, r[0])
		switch r[0] {
		case '\\', ']', '[', '^', '-':
			l.charClass += `\` + string(r[0])
		default:
			l.charClass += string(r[0])
		}
	}
	return l, nil
}
