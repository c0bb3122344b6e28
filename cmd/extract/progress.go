package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"incidentkit/pipeline"
)

// progressBar prints a one-line status on a terminal (documents, records,
// failures, rate); silent elsewhere unless forced.
type progressBar struct {
	w       io.Writer
	on      bool
	start   time.Time
	last    time.Time
	printed bool
}

func newProgressBar(w io.Writer, force bool) *progressBar {
	on := force
	if f, ok := w.(*os.File); ok && !force {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			on = true
		}
	}
	return &progressBar{w: w, on: on, start: time.Now()}
}

func (p *progressBar) update(s pipeline.Summary) {
	if !p.on || time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	secs := time.Since(p.start).Seconds()
	fmt.Fprintf(p.w, "\r%d docs  %d records  %d failed  %.0f docs/s  %.0f words/s ", s.Documents, s.Records, s.Failures, float64(s.Documents+s.Failures)/secs, float64(s.Words)/secs)
	p.printed = true
}

func (p *progressBar) clear() {
	if p.printed {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func (p *progressBar) finish() { p.clear() }
