package dates

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// One sentence with an attack word and thousands of dates took 3.6 s for
// 10k dates and 29 s for 40k (every candidate was compared with every
// other, and some scans restarted at each one). Eight times the dates must
// cost about eight times the work, counted as bytes allocated (the same
// whatever the machine's load); BenchmarkExtractLong times it.
func TestExtractLinear(t *testing.T) {
	e := newTest(t)
	ctx := Context{Published: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	cost := func(n int) uint64 {
		s := longDates(n)
		var ds []Date
		b := allocatedBytes(func() { ds = e.Extract(s, ctx) })
		checkSpans(t, s, ds)
		if len(ds) < 2*n {
			t.Fatalf("%d dates found in %d repeats, want at least %d", len(ds), n, 2*n)
		}
		return b
	}
	small, large := cost(1000), cost(8000)
	if large > 16*small {
		t.Errorf("8000 repeats allocated %d bytes, 1000 allocated %d: %.0fx for 8x the text", large, small, float64(large)/float64(small))
	}
}

func longDates(n int) string {
	return "A bomb killed 3 people on " + strings.Repeat("3 May 2015, two days later on Monday, 3May2015 ", n)
}

func BenchmarkExtractLong(b *testing.B) {
	e := newTest(b)
	ctx := Context{Published: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, n := range []int{1000, 8000} {
		s := longDates(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				e.Extract(s, ctx)
			}
		})
	}
}

func allocatedBytes(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A text longer than a piece is read in pieces whose dates keep their
// offsets in the whole text.
func TestExtractPieces(t *testing.T) {
	e := newTest(t)
	s := strings.Repeat("On 3 May 2015, gunmen attacked a bus. ", 400)
	ds := e.Extract(s, Context{})
	checkSpans(t, s, ds)
	if len(ds) != 400 {
		t.Fatalf("%d dates, want 400", len(ds))
	}
	for _, d := range ds {
		if d.Value != "2015-05-03" {
			t.Fatalf("%q at %d: value %q, want 2015-05-03", d.Text, d.Start, d.Value)
		}
	}
}

// Dates are in years 1000-2100 or are no dates: "of May" with a context
// year 11 gave "11-05", and years 99999 and 10000 passed through.
func TestYearsInRange(t *testing.T) {
	e := newTest(t)
	for _, c := range []struct {
		text string
		ctx  Context
	}{
		{"The attack of May killed two.", Context{Year: 11}},
		{"The attack of May killed two.", Context{Published: time.Date(10000, 1, 1, 4, 0, 0, 0, time.UTC)}},
		{"Two days later gunmen attacked a post.", Context{Published: time.Date(30000, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"On Monday gunmen attacked a post.", Context{Published: time.Date(999, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"The attack on 3 May 99999 killed two.", Context{}},
		{"The attack in 10000 killed two.", Context{}},
		{"The attack on 3 May 0999 killed two.", Context{}},
		{"Fighting from 2015 to 2999 killed many.", Context{}},
	} {
		for _, d := range e.Extract(c.text, c.ctx) {
			if d.Value == "" && d.Year == 0 {
				continue // a date without a value claims no year
			}
			if !InRange(d.Year) || !valueInRange(d.Value) {
				t.Errorf("%q %+v: %q gives year %d, value %q", c.text, c.ctx, d.Text, d.Year, d.Value)
			}
		}
	}
	if ds := e.Extract("The attack of May killed two.", Context{Year: 2011}); len(ds) != 1 || ds[0].Value != "2011-05" {
		t.Errorf("of May in 2011: %+v", ds)
	}
}
