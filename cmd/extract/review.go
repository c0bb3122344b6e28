package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"incidentkit/dataset"
	"incidentkit/golden"
	"incidentkit/pipeline"
	"incidentkit/review"
)

type reviewCmd struct {
	rulesFlag
	workersFlag
	encodingFlag
	DB     string   `name:"db" placeholder:"FILE" help:"Make the site of this dataset store: its documents and the dataset view (instead of PATHs)."`
	Golden string   `placeholder:"DIR" help:"Score every document against the golden files in DIR, as eval does, and show golden records beside the records."`
	Output string   `short:"o" required:"" placeholder:"DIR" help:"Folder to write the site to (index.html, doc/, dataset.html)."`
	Paths  []string `arg:"" optional:"" name:"PATH" help:"Folders, .txt/.html files or .jsonl feeds, as for run."`
}

// site builds the review site of the flags.
func (r rulesFlag) site(goldDir string) (*review.Site, *pipeline.Engine, error) {
	eng, err := r.engine()
	if err != nil {
		return nil, nil, err
	}
	opt := review.Options{Engine: eng}
	if goldDir != "" {
		opt.Scorer = golden.New(eng.Rules.Schema)
		if opt.Gold, err = opt.Scorer.LoadGolden(goldDir); err != nil {
			return nil, nil, err
		}
	}
	s, err := review.New(opt)
	return s, eng, err
}

func (c *reviewCmd) Run(e *env) error {
	switch {
	case c.DB == "" && len(c.Paths) == 0:
		return usageError{"give PATHs or --db FILE"}
	case c.DB != "" && len(c.Paths) > 0:
		return usageError{"give PATHs or --db FILE, not both"}
	}
	if len(c.Paths) > 0 {
		if _, err := pipeline.CheckPaths(c.Paths); err != nil {
			return err
		}
	}
	site, _, err := c.site(c.Golden)
	if err != nil {
		return err
	}
	fail := func(name string, err error) { fmt.Fprintf(e.stderr, "extract: %s: %v\n", name, err) }
	start := time.Now()
	var sum review.Summary
	if c.DB != "" {
		st, err := dataset.OpenExisting(c.DB)
		if err != nil {
			return err
		}
		defer st.Close()
		sum, err = site.WriteStore(e.ctx, c.Output, st, c.Workers, fail)
		if err != nil {
			return err
		}
	} else {
		items := make(chan pipeline.Item, c.Workers)
		in := pipeline.Inputs{Paths: c.Paths, Stdin: e.stdin, Encoding: c.forced()}
		walkErr := make(chan error, 1)
		var stats pipeline.Stats
		go func() { walkErr <- pipeline.WalkInputs(e.ctx, in, items, &stats) }()
		sum, err = site.Write(e.ctx, c.Output, items, c.Workers, nil, fail)
		if werr := <-walkErr; err == nil && werr != nil {
			err = werr
		}
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stderr, "extract review: %d documents, %d records, %d incidents, %d failed in %.1fs: %s/index.html\n",
		sum.Documents, sum.Records, sum.Incidents, sum.Failures, time.Since(start).Seconds(), c.Output)
	if sum.Failures > 0 {
		return errReported
	}
	return nil
}

type serveCmd struct {
	dbFlag
	rulesFlag
	Addr string `default:"127.0.0.1:8080" placeholder:"HOST:PORT" help:"Address to listen on (default: 127.0.0.1:8080, loopback only; give another host on purpose)."`
}

func (c *serveCmd) Run(e *env) error {
	site, _, err := c.site("")
	if err != nil {
		return err
	}
	st, err := dataset.OpenExisting(c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: site.Handler(st), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(e.stderr, "extract serve: http://%s/ (read-only; Ctrl-C stops)\n", ln.Addr())
	go func() {
		<-e.ctx.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
