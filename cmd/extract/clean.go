package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"incidentkit/pipeline/htmltext"
)

func cmdClean(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("clean", flag.ContinueOnError)
	fl.SetOutput(stderr)
	asJSON := fl.Bool("json", false, `print {"doc","title","published","url","text"}`)
	rulesDir := fl.String("rules", "", "rules directory (default: the embedded rules)")
	if err := fl.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fl.NArg() != 1 {
		return usageError{"want exactly one FILE"}
	}
	path := fl.Arg(0)
	doc, err := readOne(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	out := struct {
		Doc       string `json:"doc"`
		Title     string `json:"title"`
		Published string `json:"published"`
		URL       string `json:"url"`
		Text      string `json:"text"`
	}{Doc: doc.ID, Title: doc.Title, URL: doc.URL}
	if !doc.Published.IsZero() {
		out.Published = doc.Published.Format(time.RFC3339)
	}
	if doc.HTML {
		// A page's main text and metadata come from the HTML cleaner alone:
		// this is what `htmlscore.py` measures.
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		page, err := htmltext.New().Extract(f, doc.URL)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		out.Text = page.Text
		if out.Title == "" {
			out.Title = page.Title
		}
		if out.Published == "" {
			out.Published = page.Published
		}
		if out.URL == "" {
			out.URL = page.URL
		}
	} else {
		eng, err := loadEngine(*rulesDir)
		if err != nil {
			return err
		}
		c, err := eng.Clean(doc)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		out.Text = c.Text
	}
	if !*asJSON {
		_, err := io.WriteString(stdout, strings.TrimRight(out.Text, "\n")+"\n")
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
