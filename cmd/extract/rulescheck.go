package main

import (
	"fmt"
	"strings"
)

type rulesCmd struct {
	Check rulesCheckCmd `cmd:"" help:"Validate a rules directory (every file, every pattern and sequence, file:line for each error) and run the examples beside each rule."`
}

type rulesCheckCmd struct {
	rulesFlag
}

// Run loads the rules (which validates them) and runs their corpora: one
// line per problem, then a summary; exit 1 when anything is wrong.
func (c *rulesCheckCmd) Run(e *env) error {
	eng, err := c.engine()
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return errReported
	}
	rep := eng.CheckCorpora()
	for _, f := range rep.Failures {
		fmt.Fprintln(e.stdout, f)
	}
	for _, u := range append(rep.Uncovered, rep.Unknown...) {
		fmt.Fprintln(e.stdout, u)
	}
	cs := eng.Rules.Classes
	if m := cs.Missing(); len(m) > 0 {
		fmt.Fprintf(e.stdout, "note: word classes the Go code uses that %s/words does not define (what needs them never fires): %s\n",
			c.langOrDefault(), strings.Join(m, ", "))
	}
	if u := cs.Unused(); len(u) > 0 {
		fmt.Fprintf(e.stdout, "note: word classes nothing uses: %s\n", strings.Join(u, ", "))
	}
	fmt.Fprintf(e.stdout, "%d rules, %d examples: %d failed, %d rules without enough examples, %d corpus entries naming no rule\n",
		rep.Rules, rep.Examples, len(rep.Failures), len(rep.Uncovered), len(rep.Unknown))
	if !rep.OK() {
		return errReported
	}
	return nil
}
