package pipeline

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"incidentkit/rules"
)

// limitsEngine is the default engine for the limit tests.
func limitsEngine(t *testing.T) *Engine {
	t.Helper()
	e, err := New(rules.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// A one-line document of dates after an attack word (no sentence stop) is
// one huge sentence: the statistical NER read all of it, at a cost growing
// faster than its length (a 2 MB line ran for minutes). Eight times the
// text must cost about eight times the time.
func TestProcessLongSentenceLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("times the pipeline")
	}
	e := limitsEngine(t)
	cost := func(n int) time.Duration {
		var b strings.Builder
		b.WriteString("A bomb attack killed 3 people on")
		for i := range n {
			fmt.Fprintf(&b, " %d May 2015", i%28+1)
		}
		doc := Document{ID: "long", Raw: []byte(b.String() + "\n")}
		best := time.Duration(1<<63 - 1)
		for range 2 {
			start := time.Now()
			if _, err := e.Process(doc); err != nil {
				t.Fatal(err)
			}
			best = min(best, time.Since(start))
		}
		return best
	}
	small, large := cost(2000), cost(16000)
	t.Logf("%v %v", small, large)
	if large > 16*small {
		t.Errorf("16000 dates took %v, 2000 took %v: %.0fx for 8x the text", large, small, float64(large)/float64(small))
	}
}

func TestCutAtSpace(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"abc def", 10, "abc def"},
		{"abc def ghi", 9, "abc def"},
		{"ééé", 3, "é"},
		{"abcdef", 3, "abc"},
	} {
		if got := cutAtSpace(c.s, c.n); got != c.want {
			t.Errorf("cutAtSpace(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}
