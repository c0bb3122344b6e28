package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"incidentkit/pipeline"
)

// progressBar shows how a batch run goes: documents done (of how many, once
// known), records, failures, rate and ETA. On a terminal it is a live bar
// (mpb); with --progress elsewhere (a log file), a plain line every few
// seconds; otherwise nothing.
type progressBar struct {
	mode  int // progressOff, progressBar, progressLines
	w     io.Writer
	start time.Time

	// total is the number of documents expected, -1 until the count is
	// known (a directory walk that runs beside the batch).
	total atomic.Int64

	mu   sync.Mutex
	last pipeline.Summary

	p   *mpb.Progress
	bar *mpb.Bar

	lastLine time.Time
}

const (
	progressOff = iota
	progressLive
	progressLines
)

// lineEvery is how often the plain (non-terminal) progress line is printed.
const lineEvery = 2 * time.Second

func newProgressBar(w io.Writer, force bool) *progressBar {
	pb := &progressBar{w: w, start: time.Now()}
	pb.total.Store(-1)
	switch {
	case isTerminal(w):
		pb.mode = progressLive
	case force:
		pb.mode = progressLines
	}
	if pb.mode == progressLive {
		pb.p = mpb.New(mpb.WithOutput(w), mpb.WithWidth(100), mpb.WithRefreshRate(200*time.Millisecond))
		pb.bar = pb.p.New(0, mpb.BarStyle().Lbound("[").Rbound("]"),
			mpb.BarWidth(24),
			mpb.PrependDecorators(decor.Any(func(decor.Statistics) string { return pb.countText() })),
			mpb.AppendDecorators(decor.Any(func(decor.Statistics) string { return pb.rateText() })),
		)
	}
	return pb
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// expect counts the documents under paths in the background, so the bar
// can show a total and an ETA; until the count is done the bar is
// indeterminate. Files are not read, except .jsonl feeds, whose lines are
// counted (a byte scan, far cheaper than extraction).
func (p *progressBar) expect(ctx context.Context, paths []string) {
	if p.mode == progressOff {
		return
	}
	go func() {
		n, err := pipeline.Count(ctx, paths)
		if err != nil {
			return
		}
		p.total.Store(int64(n))
		if p.bar != nil {
			p.bar.SetTotal(int64(n), false)
		}
	}()
}

// update is called once per finished document, in input order.
func (p *progressBar) update(s pipeline.Summary) {
	if p.mode == progressOff {
		return
	}
	p.mu.Lock()
	p.last = s
	p.mu.Unlock()
	switch p.mode {
	case progressLive:
		p.bar.SetCurrent(int64(s.Documents + s.Failures))
	case progressLines:
		if time.Since(p.lastLine) >= lineEvery {
			p.lastLine = time.Now()
			fmt.Fprintf(p.w, "extract: %s  %s\n", p.countText(), p.rateText())
		}
	}
}

func (p *progressBar) snapshot() (pipeline.Summary, int64, float64) {
	p.mu.Lock()
	s := p.last
	p.mu.Unlock()
	return s, p.total.Load(), max(time.Since(p.start).Seconds(), 1e-9)
}

// countText: "1234/5000 docs  310 records  2 failed".
func (p *progressBar) countText() string {
	s, total, _ := p.snapshot()
	done := int64(s.Documents + s.Failures)
	of := "?"
	if total >= 0 {
		of = fmt.Sprint(max(total, done))
	}
	return fmt.Sprintf("%d/%s docs  %d records  %d failed", done, of, s.Records, s.Failures)
}

// rateText: "85 docs/s  120512 words/s  ETA 1m10s".
func (p *progressBar) rateText() string {
	s, total, secs := p.snapshot()
	done := float64(s.Documents + s.Failures)
	rate := done / secs
	eta := "ETA ?"
	if total >= 0 && rate > 0 {
		left := max(float64(total)-done, 0) / rate
		eta = "ETA " + time.Duration(left*float64(time.Second)).Round(time.Second).String()
	}
	return fmt.Sprintf("%.0f docs/s  %.0f words/s  %s", rate, float64(s.Words)/secs, eta)
}

// printf writes a message (a failed input) without garbling the bar: above
// it on a terminal, on w otherwise.
func (p *progressBar) printf(w io.Writer, format string, args ...any) {
	if p.mode == progressLive {
		if _, err := fmt.Fprintf(p.p, format, args...); err == nil {
			return
		}
	}
	fmt.Fprintf(w, format, args...)
}

// finish completes the bar (or, after an interrupt, leaves it where it
// stopped) and waits until it is drawn for the last time.
func (p *progressBar) finish() {
	if p.mode != progressLive {
		return
	}
	s, total, _ := p.snapshot()
	if total >= 0 && int64(s.Documents+s.Failures) < total {
		p.bar.Abort(false) // interrupted: leave the bar where it stopped
	} else {
		p.bar.SetTotal(-1, true)
	}
	p.p.Wait()
}
