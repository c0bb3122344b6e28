package pipeline

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// newsCleanFloor is the mean word F1 of the plain-text cleaner on the ten
// news pages labelled in testdata/newsclean (bag of words, as
// ../shared/tools/htmlscore.py scores HTML). It only goes up.
const newsCleanFloor = 0.97

// TestNewsPagesClean cleans each labelled page and compares its words with
// the hand-labelled main text.
func TestNewsPagesClean(t *testing.T) {
	want, _ := filepath.Glob("testdata/newsclean/*.txt")
	if len(want) < 10 {
		t.Fatalf("%d labelled pages, want 10", len(want))
	}
	src := "../../shared/news/docs/news"
	if _, err := os.Stat(src); err != nil {
		t.Skip("../shared/news not present")
	}
	e := engine(t)
	var sumP, sumR, sumF float64
	for _, w := range want {
		raw, err := os.ReadFile(filepath.Join(src, filepath.Base(w)))
		if err != nil {
			t.Fatal(err)
		}
		gold, err := os.ReadFile(w)
		if err != nil {
			t.Fatal(err)
		}
		got := e.cleaner.Clean(string(raw)).Text
		p, r, f := wordPRF(got, string(gold))
		t.Logf("%s: P %.3f R %.3f F1 %.3f", filepath.Base(w), p, r, f)
		sumP, sumR, sumF = sumP+p, sumR+r, sumF+f
	}
	n := float64(len(want))
	t.Logf("mean P %.3f R %.3f F1 %.3f", sumP/n, sumR/n, sumF/n)
	if sumF/n < newsCleanFloor {
		t.Errorf("mean word F1 %.3f below the floor %.3f", sumF/n, newsCleanFloor)
	}
}

// wordPRF is htmlscore.py's bag-of-words score: \w+ words, case-folded,
// counted with multiplicity.
func wordPRF(got, want string) (p, r, f float64) {
	word := regexp.MustCompile(`\w+`)
	bag := func(s string) map[string]int {
		m := map[string]int{}
		for _, w := range word.FindAllString(strings.ToLower(s), -1) {
			m[w]++
		}
		return m
	}
	g, w := bag(got), bag(want)
	common, ng, nw := 0, 0, 0
	for k, n := range g {
		ng += n
		common += min(n, w[k])
	}
	for _, n := range w {
		nw += n
	}
	if ng > 0 {
		p = float64(common) / float64(ng)
	}
	if nw > 0 {
		r = float64(common) / float64(nw)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}
