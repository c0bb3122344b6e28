// Command extract turns news articles about political violence into incident
// records (JSON Lines) and scores them against hand-labelled golden files.
//
//	extract run [--rules DIR] [--workers N] [--encoding NAME] [-o FILE] [--feed] [--progress] [-q] PATH...
//	extract eval [--golden DIR] [--predicted FILE] [--set NAME=DOCS:GOLDEN]... [--json] [PATH...]
//	extract explain [--rules DIR] [--encoding NAME] [--feed] PATH
//	extract clean [--json] [--rules DIR] [--encoding NAME] [--feed] PATH
//	extract ingest [--db FILE] [--rules DIR] [--workers N] [--encoding NAME] PATH...
//	extract dataset rebuild|export|score [flags]
//	extract bench [--workers LIST] [--min-words N] [PATH]
//	extract review [--golden DIR] [--rules DIR] [--db FILE] -o DIR [PATH...]
//	extract serve [--db FILE] [--addr 127.0.0.1:8080]
//
// Flags go anywhere on the line; `extract help COMMAND` or `-h` shows a
// command's flags. This file holds flags and subcommands only; the flow is in
// package pipeline.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/alecthomas/kong"

	"incidentkit/dataset"
	"incidentkit/pipeline"
	"incidentkit/pipeline/textenc"
	"incidentkit/rules"
)

func main() {
	// The loaded rules, gazetteer and prose model are ~140 MB of live heap
	// that never dies; the default GC pacing would let the heap double past
	// that. A soft limit keeps a batch run under 300 MB RSS at a few percent
	// of throughput. GOMEMLIMIT in the environment still wins.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go hardStop(sigs, stopGrace, os.Stderr, os.Exit)
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// stopGrace is how long a run has, after Ctrl-C or SIGTERM, to stop by
// itself (finish the document in hand, flush, commit) before hardStop ends
// the process.
const stopGrace = 10 * time.Second

// hardStop waits for the first signal on sigs, then gives the run grace to
// stop and exits 130 if it has not: a read or a computation that does not
// see the cancelled context (a blocking open, a runaway loop) must not make
// SIGTERM a signal that is ignored. What was committed stays committed; an
// output being written stays a temporary file, removed by the next run.
// After the first signal the default action is back, so a second one kills
// at once.
func hardStop(sigs chan os.Signal, grace time.Duration, stderr io.Writer, exit func(int)) {
	sig := <-sigs
	signal.Stop(sigs)
	time.Sleep(grace)
	fmt.Fprintf(stderr, "extract: still running %v after %v: stopped\n", grace, sig)
	exit(exitInterrupted)
}

const defaultMemoryLimit = 256 << 20

// Exit statuses.
const (
	exitOK          = 0
	exitFailed      = 1   // some input or output failed
	exitUsage       = 2   // a mistake in the command line
	exitInterrupted = 130 // Ctrl-C or SIGTERM, as a shell reports SIGINT
)

// cli is the command line: one field per command.
type cli struct {
	Version versionFlag `help:"Print the program's version and the embedded rules' version, and exit."`

	Run     runCmd     `cmd:"" help:"Extract incident records from documents (.txt, .html, .jsonl feeds) as JSON Lines."`
	Eval    evalCmd    `cmd:"" help:"Score records against golden files, as ../shared/tools/score.py does."`
	Explain explainCmd `cmd:"" help:"Show every sentence of a document with the spans and rules that fired."`
	Clean   cleanCmd   `cmd:"" help:"Print the cleaned main text of a document (HTML or text)."`
	Ingest  ingestCmd  `cmd:"" help:"Add new and changed documents to the dataset store."`
	Dataset datasetCmd `cmd:"" help:"Rebuild, export or score the dataset store."`
	Bench   benchCmd   `cmd:"" help:"Throughput and peak memory per worker count, beside prose."`
	Rules   rulesCmd   `cmd:"" help:"Check a rules directory: validation and the examples of every rule."`
	Review  reviewCmd  `cmd:"" help:"Write a static review site: documents with evidence and spans marked, records, eval's mistakes, the dataset."`
	Serve   serveCmd   `cmd:"" help:"Serve the review pages of a dataset store, read-only, on loopback."`
	Help    helpCmd    `cmd:"" help:"Show the help of a command: extract help dataset export."`
}

// env is what every command runs with.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// helpVars are the defaults the flags' help interpolates (${workers}, ...).
func helpVars() kong.Vars {
	v := kong.Vars{}
	v["workers"] = fmt.Sprint(runtime.NumCPU())
	v["db"] = dataset.DefaultPath
	v["golden"] = defaultGolden
	v["formats"] = strings.Join(dataset.Formats(), ",")
	return v
}

// exitCode carries kong's exit (after --help or --version) out of Parse.
type exitCode int

// run parses the command line, runs the command and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first signal a second one kills at once, as usual.
	go func() { <-ctx.Done(); stop() }()

	if len(args) == 0 {
		// No command: the overview goes to stderr, as a usage error.
		args, stdout = []string{"--help"}, stderr
		defer func() { code = exitUsage }()
	}
	var c cli
	parser, err := kong.New(&c,
		kong.Name("extract"),
		kong.Description("Turns news articles about political violence into incident records and a merged incident dataset.\nPaths are relative to the working directory."),
		kong.Writers(stdout, stderr),
		kong.Exit(func(n int) { panic(exitCode(n)) }),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, WrapUpperBound: 100}),
		helpVars(),
	)
	if err != nil {
		panic(err) // the cli struct is wrong: a bug, not input
	}
	defer func() {
		if r := recover(); r != nil {
			n, ok := r.(exitCode)
			if !ok {
				panic(r)
			}
			code = int(n)
		}
	}()
	kctx, err := parser.Parse(interspersed(parser.Model, helpArgs(args)))
	if err != nil {
		return usage(stderr, parser, err)
	}
	err = kctx.Run(&env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr})
	var ue usageError
	switch {
	case ctx.Err() != nil:
		msg := "interrupted"
		if err != nil && !errors.Is(err, errReported) && !errors.Is(err, context.Canceled) {
			msg = err.Error()
		}
		fmt.Fprintf(stderr, "extract %s: %s\n", kctx.Command(), msg)
		return exitInterrupted
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "extract %s: %v\n", commandName(kctx), ue)
		fmt.Fprintf(stderr, "usage: %s (see 'extract help %s')\n", synopsis(kctx), commandName(kctx))
		return exitUsage
	case errors.Is(err, errReported):
		return exitFailed
	default:
		fmt.Fprintf(stderr, "extract %s: %v\n", commandName(kctx), err)
		return exitFailed
	}
}

// usage reports a command line kong could not parse, with what to type.
func usage(stderr io.Writer, parser *kong.Kong, err error) int {
	var pe *kong.ParseError
	if errors.As(err, &pe) && pe.Context != nil {
		name := commandName(pe.Context)
		if name == "" {
			fmt.Fprintf(stderr, "extract: %v\nusage: extract COMMAND [flags] [args] (see 'extract --help')\n", err)
			return exitUsage
		}
		// kong names the command again ("run: --workers ..."): once is enough.
		msg := strings.TrimPrefix(err.Error(), name+": ")
		fmt.Fprintf(stderr, "extract %s: %s\nusage: %s (see 'extract help %s')\n", name, msg, synopsis(pe.Context), name)
		return exitUsage
	}
	fmt.Fprintf(stderr, "extract: %v\n", err)
	return exitUsage
}

// commandName is the selected command without its placeholders: "dataset export".
func commandName(k *kong.Context) string {
	var words []string
	for _, w := range strings.Fields(k.Command()) {
		if !strings.HasPrefix(w, "<") {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// synopsis is the one-line usage of the selected command.
func synopsis(k *kong.Context) string {
	n := k.Selected()
	if n == nil {
		return "extract COMMAND [flags] [args]"
	}
	return "extract " + n.Summary()
}

// helpArgs turns "help CMD..." into "CMD... --help".
func helpArgs(args []string) []string {
	if len(args) > 0 && args[0] == "help" {
		return append(append([]string{}, args[1:]...), "--help")
	}
	return args
}

// helpCmd is only reached without a command name ("extract help").
type helpCmd struct {
	Command []string `arg:"" optional:"" help:"The command whose help to show."`
}

// Run is never reached: helpArgs rewrites "help CMD" before parsing.
func (h *helpCmd) Run(e *env) error { return nil }

// versionFlag prints the version of the program and of the embedded rules.
type versionFlag bool

// BeforeReset prints the versions and exits 0.
func (versionFlag) BeforeReset(app *kong.Kong) error {
	fmt.Fprintln(app.Stdout, versionText())
	app.Exit(exitOK)
	return nil
}

// versionText: the module version the binary was built from (its VCS
// revision when built from a checkout) and the rules version the dataset
// stores with each document.
func versionText() string {
	v := "(unknown)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		v = bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " " + s.Value[:12]
			}
		}
	}
	rv := "(unreadable)"
	if fsys, err := rules.Open(""); err == nil {
		if r, err := dataset.RulesVersion(fsys); err == nil {
			rv = r
		}
	}
	return fmt.Sprintf("extract %s\nrules %s (embedded)", v, rv)
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// errReported means the failures were already printed one per line.
var errReported = errors.New("failures reported")

// workersFlag is the --workers flag of the batch commands.
type workersFlag struct {
	Workers int `default:"${workers}" help:"Documents processed in parallel (at least 1; default: the CPU count). Output is the same whatever N is."`
}

// Validate refuses a pool without workers.
func (w workersFlag) Validate() error {
	if w.Workers < 1 {
		return fmt.Errorf("--workers %d: want 1 or more (e.g. --workers %d)", w.Workers, runtime.NumCPU())
	}
	return nil
}

// encodingFlag is --encoding, for the commands that read documents.
type encodingFlag struct {
	Encoding encodingName `placeholder:"NAME" help:"Read every .txt and .html file (and a document on standard input) as NAME: utf-8, windows-1252, windows-1251, koi8-r, utf-16le, ... (any WHATWG label). Default: detect each file's, with a note on stderr for each one not read as UTF-8. utf-8 refuses invalid bytes."`
}

// forced is the encoding to force, the zero Encoding to detect.
func (f encodingFlag) forced() textenc.Encoding { return f.Encoding.enc }

// encodingName is an encoding named on the command line, looked up as it
// is parsed, so an unknown name is a usage error listing valid ones.
type encodingName struct{ enc textenc.Encoding }

// Decode implements kong.MapperValue.
func (n *encodingName) Decode(ctx *kong.DecodeContext) error {
	var label string
	if err := ctx.Scan.PopValueInto("encoding", &label); err != nil {
		return err
	}
	enc, err := textenc.Lookup(label)
	if err != nil {
		return err
	}
	n.enc = enc
	return nil
}

// rulesFlag is --rules.
type rulesFlag struct {
	Rules string `placeholder:"DIR" help:"Rules directory (default: the embedded rules; copy rules/defaults to edit them)."`
	Lang  string `default:"en" placeholder:"LANG" help:"Language folder of the rules directory (default: en)."`
}

// engine loads the rules of the flags and builds the engine.
func (r rulesFlag) engine() (*pipeline.Engine, error) {
	fsys, err := rules.Open(r.Rules)
	if err != nil {
		return nil, err
	}
	return pipeline.NewLanguage(fsys, r.langOrDefault())
}

func (r rulesFlag) langOrDefault() string {
	if r.Lang == "" {
		return rules.DefaultLanguage
	}
	return r.Lang
}
